import type { ComputeApprovalRule } from '@atrium/plugin-compute-node';

/** An App of the `reserved` tier (the one that runs production traffic) changes only with a second person. */
export const reservedTierRule: ComputeApprovalRule = {
  id: 'reserved-tier',
  evaluate({ tier, app, change }) {
    if (tier !== 'reserved') return undefined;
    const name = app?.metadata.name ?? String(change.name ?? 'The new App');
    return {
      rule: 'reserved-tier',
      message: app
        ? `${name} runs in the reserved tier, where every change needs a second person.`
        : `${name} would run in the reserved tier, where every change needs a second person.`,
    };
  },
};
