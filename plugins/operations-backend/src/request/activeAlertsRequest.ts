import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { OPERATIONS_LIMITS } from '@atrium/plugin-operations-common';

/** Checks a read of active alerts: `{ entityRefs }`, 1 to 100 entity refs (`kind:namespace/name`), normalized. */
export function parseActiveAlertsRequest(body: unknown): string[] {
  const max = OPERATIONS_LIMITS.maxActiveAlertsBatch;
  const refs = (body as { entityRefs?: unknown } | undefined)?.entityRefs;
  if (
    !Array.isArray(refs) ||
    refs.length === 0 ||
    refs.length > max ||
    !refs.every(r => typeof r === 'string')
  ) {
    throw new InputError(
      `Send { entityRefs: [...] } with 1 to ${max} entity refs`,
    );
  }
  return refs.map(ref => {
    try {
      return stringifyEntityRef(parseEntityRef(ref));
    } catch {
      throw new InputError(
        `${JSON.stringify(ref)} is not an entity ref (kind:namespace/name)`,
      );
    }
  });
}
