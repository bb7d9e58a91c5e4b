export interface Config {
  atrium?: {
    /**
     * Atrium's cache service (packages/backend/src/modules/resilientCache.ts), over the store `backend.cache`
     * configures (memory by default; Redis shared by the replicas in production).
     */
    cache?: {
      /**
       * How long one cache operation may take, in milliseconds, before it counts as a miss (a read) or is left
       * to finish in the background (a write). While Redis is unreachable, operations do not wait at all.
       * Default 50.
       */
      timeoutMs?: number;
    };
  };
}
