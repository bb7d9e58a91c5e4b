/**
 * One object's path (`…/apps/<name>`, or its `/status`): GET reads it, PUT replaces it, PATCH patches it (merge,
 * JSON, strategic merge as merge, or server-side apply through apply.ts), DELETE deletes it; writes honour
 * `dryRun=All` (dryRun.ts). A deleted pod answers with the pod and records its containers' Killing events;
 * anything else answers with a Success `Status`.
 */
import { isApplyPatch, readApplyBody, serverSideApply } from '../apply';
import { readJsonBody } from '../body';
import { CORE } from '../coreTypes';
import { dryRunDelete, writerFor } from '../dryRun';
import { methodNotAllowed, pathNotFound } from '../status';
import { ResourceType } from '../types';
import { allowVerb, ApiRequest } from './request';
import { sendJson } from './respond';

export async function serveObject(
  { cluster, req, res, url, method }: ApiRequest,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  subresource: string | undefined,
) {
  if (
    subresource !== undefined &&
    !(subresource === 'status' && type.subresources?.status)
  ) {
    throw pathNotFound(method.toLowerCase());
  }
  const statusOnly = subresource === 'status' ? 'status' : undefined;
  switch (method) {
    case 'GET':
      sendJson(res, 200, cluster.store.mustGet(type, namespace, name));
      return;
    case 'PUT':
      allowVerb(type, 'update');
      sendJson(
        res,
        200,
        writerFor(cluster, url.searchParams).replace(
          type,
          namespace,
          name,
          await readJsonBody(req),
          statusOnly,
        ),
      );
      return;
    case 'PATCH': {
      allowVerb(type, 'patch');
      if (!statusOnly && isApplyPatch(req.headers['content-type'])) {
        const applied = serverSideApply(
          cluster,
          type,
          namespace,
          name,
          await readApplyBody(req),
          url.searchParams,
        );
        sendJson(res, applied.code, applied.object);
        return;
      }
      sendJson(
        res,
        200,
        writerFor(cluster, url.searchParams).patch(
          type,
          namespace,
          name,
          req.headers['content-type'] ?? '',
          await readJsonBody(req),
          statusOnly,
        ),
      );
      return;
    }
    case 'DELETE': {
      allowVerb(type, 'delete');
      const dry = dryRunDelete(cluster, type, namespace, name, url);
      const deleted = dry ?? cluster.delete(type, namespace, name);
      if (type === CORE.pods) {
        for (const c of (dry
          ? []
          : (deleted.spec as any)?.containers ?? []) as any[]) {
          cluster.recordEvent(
            deleted,
            'Normal',
            'Killing',
            `Stopping container ${c.name}`,
            (deleted.spec as any)?.nodeName,
          );
        }
        sendJson(res, 200, deleted);
        return;
      }
      sendJson(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: {
          name,
          ...(type.group ? { group: type.group } : {}),
          kind: type.plural,
          uid: deleted.metadata.uid,
        },
      });
      return;
    }
    default:
      throw methodNotAllowed(method);
  }
}
