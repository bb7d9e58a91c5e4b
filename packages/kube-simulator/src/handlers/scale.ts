/** The scale subresource (`…/apps/<name>/scale`, autoscaling/v1 `Scale`): GET, PUT, and PATCH of the Scale. */
import { readJsonBody } from '../body';
import { applyPatch } from '../patch';
import { methodNotAllowed } from '../status';
import { ResourceType } from '../types';
import { ApiRequest } from './request';
import { sendJson } from './respond';

export async function serveScale(
  { cluster, req, res, method }: ApiRequest,
  type: ResourceType,
  namespace: string,
  name: string,
) {
  if (method === 'GET') {
    sendJson(res, 200, cluster.getScale(type, namespace, name));
    return;
  }
  if (method === 'PUT') {
    sendJson(
      res,
      200,
      cluster.replaceScale(type, namespace, name, await readJsonBody(req)),
    );
    return;
  }
  if (method === 'PATCH') {
    const scale = cluster.getScale(type, namespace, name);
    const patched = applyPatch(
      req.headers['content-type'] ?? '',
      scale,
      await readJsonBody(req),
    ) as any;
    sendJson(res, 200, cluster.replaceScale(type, namespace, name, patched));
    return;
  }
  throw methodNotAllowed(method);
}
