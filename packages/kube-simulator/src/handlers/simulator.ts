/**
 * Simulator-only endpoints, not part of the Kubernetes API: `/_simulator/bad-images` lists (GET), marks (POST) and
 * unmarks (DELETE, or POST with `"bad": false`) the image versions whose containers crash-loop.
 */
import { readJsonBody } from '../body';
import { badRequest, methodNotAllowed, pathNotFound } from '../status';
import { ApiRequest } from './request';
import { sendJson } from './respond';

/** `segments`: the path after `/_simulator`. */
export async function serveSimulatorEndpoint(
  { cluster, req, res, method }: ApiRequest,
  segments: string[],
) {
  if (segments[0] !== 'bad-images' || segments.length !== 1)
    throw pathNotFound(method.toLowerCase());
  if (method === 'GET') {
    sendJson(res, 200, { items: cluster.listBadImages() });
    return;
  }
  if (method === 'POST' || method === 'DELETE') {
    const body = await readJsonBody(req);
    if (typeof body?.image !== 'string' || typeof body?.version !== 'string') {
      throw badRequest(
        'expected a JSON body {"image": "<repository>", "version": "<tag>"}',
      );
    }
    const bad = method === 'POST' && body.bad !== false;
    cluster.markBadImage({ image: body.image, version: body.version }, bad);
    sendJson(res, 200, { image: body.image, version: body.version, bad });
    return;
  }
  throw methodNotAllowed(method);
}
