import { InputError } from '@backstage/errors';
import { checkNames } from '../service/targets';
import { optionalInt } from './optionalInt';

/**
 * `GET /clusters/:cluster/namespaces/:namespace/pods/:pod/logs`' query: one `container` name and a whole number
 * of `tailLines` (its range, and the container's existence, are the reader's to check).
 */
export function parsePodLogsQuery(query: Record<string, unknown>): {
  container?: string;
  tailLines?: number;
} {
  const container = query.container;
  if (container !== undefined && typeof container !== 'string') {
    throw new InputError('container must be one container name');
  }
  if (container !== undefined) checkNames(container);
  const tailLines = optionalInt(
    query.tailLines,
    'tailLines',
    -Infinity,
    Infinity,
  );
  return { container, tailLines };
}
