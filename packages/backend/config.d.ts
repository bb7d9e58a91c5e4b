export interface Config {
  atrium?: {
    shutdown?: {
      /**
       * When the backend stops, how long connections that are still open may go on (requests in flight finish
       * meanwhile) before every remaining one is closed: the events bus's long polls and signals WebSockets never
       * end by themselves, and kept a stopping replica alive until it was killed. Milliseconds, 0 to 60000;
       * default 5000. Keep it, with `backend.lifecycle.serverShutdownDelay`, below the platform's grace period
       * (Kubernetes: terminationGracePeriodSeconds, 30 s by default).
       */
      connectionGraceMs?: number;
    };
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
