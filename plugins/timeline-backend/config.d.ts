export interface Config {
  /** Atrium's service timeline (`/api/timeline`). */
  timeline?: {
    /**
     * How often the catalog change recorder reads every entity to record what changed, in seconds. Default 60.
     * One instance does it at a time (a global scheduled task).
     */
    catalogPollSeconds?: number;
    /** How long catalog changes are kept, in days. Default 90. */
    catalogRetentionDays?: number;
    /**
     * How long a request waits for each source of events, in milliseconds. A source that takes longer is
     * reported in the answer's errors; the other sources' events are still shown. Default 3000.
     */
    sourceTimeoutMs?: number;
    /**
     * How long the catalog's answer to one caller about one entity (the entity, or that they may not see it)
     * is reused, in milliseconds: an entity removed, or one the caller may no longer see, is still shown at
     * most this much later. 0 asks the catalog at every request. Default 5000.
     */
    catalogTtlMs?: number;
  };
}
