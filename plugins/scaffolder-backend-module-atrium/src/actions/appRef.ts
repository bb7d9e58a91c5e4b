import type { z as zod } from 'zod/v3';

/**
 * An App's place as the compute actions take and give Apps (createApp's output is deploy's input): its
 * cluster, namespace and name, as the fields of a zod object for an action's schema.
 */
export const appRefFields = (z: typeof zod) => ({
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
});
