/**
 * `?watch=true` (or `1`) on a list path: checks `resourceVersion` and `timeoutSeconds` and streams the changes
 * through the cluster's WatchHub (../watch.ts), which replays its bounded history and follows the store.
 */
import http from 'node:http';
import { badRequest } from '../status';
import { WatchHub, WatchRequest } from '../watch';

export function serveWatch(
  watches: WatchHub,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  what: Pick<WatchRequest, 'type' | 'namespace' | 'selector'>,
  q: URLSearchParams,
) {
  const rv = q.get('resourceVersion');
  if (rv && !/^[0-9]+$/.test(rv))
    throw badRequest(`invalid resource version "${rv}"`);
  const timeout = q.get('timeoutSeconds');
  watches.serve(req, res, {
    ...what,
    resourceVersion: rv ? Number(rv) : undefined,
    timeoutSeconds: timeout ? Number(timeout) : undefined,
  });
}
