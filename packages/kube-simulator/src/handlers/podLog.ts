/**
 * `…/pods/<name>/log`: a container's synthetic log lines (logs.ts), with `container`, `previous`, `sinceSeconds`,
 * `tailLines`, `timestamps` and `limitBytes`, as plain text.
 */
import { CORE } from '../coreTypes';
import { badRequest } from '../status';
import { ApiRequest } from './request';

export function servePodLog(
  { cluster, res, url }: ApiRequest,
  namespace: string,
  name: string,
) {
  const pod = cluster.store.mustGet(CORE.pods, namespace, name);
  const containers = ((pod.spec as any)?.containers ?? []).map(
    (c: any) => c.name,
  ) as string[];
  const q = url.searchParams;
  let container = q.get('container') ?? undefined;
  if (!container) {
    if (containers.length !== 1) {
      throw badRequest(
        `a container name must be specified for pod ${name}, choose one of: [${containers.join(
          ' ',
        )}]`,
      );
    }
    container = containers[0];
  }
  if (!containers.includes(container)) {
    throw badRequest(`container ${container} is not valid for pod ${name}`);
  }
  const previous = q.get('previous') === 'true';
  let lines = cluster.logs.read(name, container, previous);
  if (!lines)
    throw badRequest(
      `previous terminated container "${container}" in pod "${name}" not found`,
    );
  const sinceSeconds = Number(q.get('sinceSeconds') ?? 0);
  if (sinceSeconds > 0) {
    const since = Date.now() - sinceSeconds * 1000;
    lines = lines.filter(l => Date.parse(l.time) >= since);
  }
  const tail = q.get('tailLines');
  if (tail !== null && Number(tail) >= 0)
    lines = Number(tail) === 0 ? [] : lines.slice(-Number(tail));
  const timestamps = q.get('timestamps') === 'true';
  let text = lines
    .map(
      l =>
        `${timestamps ? `${l.time.replace(/Z$/, '000000Z')} ` : ''}${l.text}\n`,
    )
    .join('');
  const limitBytes = Number(q.get('limitBytes') ?? 0);
  if (limitBytes > 0)
    text = Buffer.from(text).subarray(0, limitBytes).toString('utf8');
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(text);
}
