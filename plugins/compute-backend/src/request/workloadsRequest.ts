import { InputError } from '@backstage/errors';

/**
 * `POST /components/workloads`: `{ entityRefs }`, a list of entity refs (each 1 to 512 characters). How many
 * one read takes, and which refs are components the caller may see, are the reader's to say.
 */
export function parseWorkloadsRequest(body: unknown): string[] {
  const refs = (body as { entityRefs?: unknown } | undefined)?.entityRefs;
  if (
    !Array.isArray(refs) ||
    !refs.every(r => typeof r === 'string' && r.length > 0 && r.length <= 512)
  ) {
    throw new InputError('entityRefs must be a list of entity refs');
  }
  return refs;
}
