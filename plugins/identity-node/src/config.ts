import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';

/** Atrium's identity settings, read from `atrium.identity`. */
export interface IdentityConfig {
  /** Entity refs of the platform-admin groups, normalised (`group:default/name`). */
  platformAdmins: string[];
  /** How many levels of parent groups a member's ownership reaches. */
  maxGroupDepth: number;
  /**
   * Entity refs of the groups whose members may read adoption insights (`adoption.readers`, normalised); the
   * `adoptionReaders` rule. None when not configured.
   */
  adoptionReaders?: string[];
}

/** Reads `atrium.identity`, with clear errors for refs that are not groups. */
export function readIdentityConfig(config: Config): IdentityConfig {
  const c = config.getOptionalConfig('atrium.identity');
  const platformAdmins = (
    c?.getOptionalStringArray('platformAdmins') ?? []
  ).map(ref => {
    const parsed = parseEntityRef(ref, { defaultKind: 'group' });
    if (parsed.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new Error(
        `atrium.identity.platformAdmins must name groups; "${ref}" is a ${parsed.kind}`,
      );
    }
    return stringifyEntityRef(parsed);
  });
  const maxGroupDepth = c?.getOptionalNumber('maxGroupDepth') ?? 10;
  if (!Number.isInteger(maxGroupDepth) || maxGroupDepth < 0) {
    throw new Error(
      `atrium.identity.maxGroupDepth must be a whole number ≥ 0, got ${maxGroupDepth}`,
    );
  }
  const adoptionReaders = (
    config.getOptionalStringArray('adoption.readers') ?? []
  ).map(ref => {
    const parsed = parseEntityRef(ref, { defaultKind: 'group' });
    if (parsed.kind.toLocaleLowerCase('en-US') !== 'group') {
      throw new Error(
        `adoption.readers must name groups; "${ref}" is a ${parsed.kind}`,
      );
    }
    return stringifyEntityRef(parsed);
  });
  return { platformAdmins, maxGroupDepth, adoptionReaders };
}
