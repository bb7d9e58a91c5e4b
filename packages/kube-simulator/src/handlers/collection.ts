/**
 * A collection path (`…/pods`, `…/namespaces/<ns>/apps`): POST creates an object, GET lists objects with label
 * and field selectors and `limit`/`continue` paging, or hands `?watch=true` to the watch stream (watch.ts).
 */
import { writerFor } from '../dryRun';
import { readJsonBody } from '../body';
import { matchesSelector, parseSelector } from '../selectors';
import { badRequest, methodNotAllowed } from '../status';
import { apiVersionOf, KubeObject, ResourceType } from '../types';
import { WatchHub } from '../watch';
import { allowVerb, ApiRequest } from './request';
import { sendJson } from './respond';
import { serveWatch } from './watch';

const listKind = (type: ResourceType) => `${type.kind}List`;

function encodeContinue(key: string, rv: number) {
  return Buffer.from(JSON.stringify({ key, rv })).toString('base64url');
}

function decodeContinue(token: string): { key: string; rv: number } {
  let decoded: any;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('continue key is not valid: illegal base64 data');
  }
  if (typeof decoded?.key !== 'string')
    throw badRequest('continue key is not valid: no key');
  return decoded;
}

export async function serveCollection(
  { cluster, req, res, url, method }: ApiRequest,
  watches: WatchHub,
  type: ResourceType,
  namespace: string | undefined,
) {
  if (method === 'POST') {
    allowVerb(type, 'create');
    if (type.namespaced && namespace === undefined)
      throw methodNotAllowed('create');
    sendJson(
      res,
      201,
      writerFor(cluster, url.searchParams).create(
        type,
        namespace,
        await readJsonBody(req),
      ),
    );
    return;
  }
  if (method !== 'GET') throw methodNotAllowed(method);
  const q = url.searchParams;
  const selector = parseSelector(
    q.get('labelSelector'),
    q.get('fieldSelector'),
  );
  const watch = q.get('watch');
  if (watch === 'true' || watch === '1') {
    serveWatch(watches, req, res, { type, namespace, selector }, q);
    return;
  }
  const resourceVersion = cluster.store.resourceVersion;
  let items = cluster.store
    .list(type, namespace)
    .filter(o => matchesSelector(selector, o));
  const limit = Number(q.get('limit') ?? 0);
  if (!Number.isInteger(limit))
    throw badRequest(`invalid limit "${q.get('limit')}"`);
  const token = q.get('continue');
  const keyOf = (o: KubeObject) =>
    `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  if (token) {
    const { key } = decodeContinue(token);
    items = items.filter(o => keyOf(o) > key);
  }
  const metadata: Record<string, unknown> = {
    resourceVersion: String(resourceVersion),
  };
  if (limit > 0 && items.length > limit) {
    metadata.remainingItemCount = items.length - limit;
    items = items.slice(0, limit);
    metadata.continue = encodeContinue(
      keyOf(items[items.length - 1]),
      resourceVersion,
    );
  }
  sendJson(res, 200, {
    kind: listKind(type),
    apiVersion: apiVersionOf(type),
    metadata,
    items,
  });
}
