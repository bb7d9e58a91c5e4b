import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

export interface Config {
  /** Atrium compute: the Kubernetes clusters that run the teams' Apps, and the artifact registries. */
  compute?: {
    /**
     * How long one cluster may take to answer one request, in milliseconds, before its part of an answer is
     * reported as an error. A read across clusters is bounded by twice this. Default 3000.
     */
    requestTimeoutMs?: number;
    /**
     * The reads come from memory: per cluster, informers (list + watch) of Apps, Scalers, team namespaces and
     * nodes, and of pods and events in each team namespace. Actions still write to the API server.
     */
    cache?: {
      /**
       * How often each cluster is asked whether it still answers (one list of the team namespaces), in
       * milliseconds. While it does not, its part of every answer is its last known state marked `stale`;
       * when it answers again, everything is listed afresh. Default 10000.
       */
      heartbeatMs?: number;
      /** The API server ends each watch after this many seconds and it is resumed. Default 300. */
      watchTimeoutSeconds?: number;
      /**
       * How long the catalog's answer to one caller about one entity (the entity, or that they may not see it)
       * is reused by compute's reads, in milliseconds: a change in the catalog or in someone's permissions
       * shows in them at most this much later. Actions always ask the catalog afresh. 0 asks every time.
       * Default 5000.
       */
      catalogTtlMs?: number;
    };
    /** The compute audit (`compute_audit`: every attempted action, the services' Activity). */
    audit?: {
      /**
       * How long audit records are kept, in whole days, from 30 to 3650; older ones are removed by a daily task
       * that one replica runs. Default 365.
       */
      retentionDays?: number;
      /**
       * When the removal runs (Backstage's schedule config). Optional: daily, given 30 minutes, first 2 minutes
       * after startup (`{ frequency: { hours: 24 }, timeout: { minutes: 30 }, initialDelay: { minutes: 2 } }`).
       * Always one replica per run, whatever `scope` says.
       */
      retentionSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * Context-dependent approvals: when an owner's action (deploy, rollback, scale, Scaler bounds, restart) or
     * creating an App needs a second person. Such an action is not applied: it is stored as a request for
     * approval (202) that another member of the owning team or a platform admin approves (then it is applied,
     * against the resourceVersion the requester saw) or rejects. Each action's `.../check` route says beforehand
     * whether it would need approval, and why. Off by default.
     */
    approvals?: {
      /**
       * Whether any rule is asked. Default false: every action applies at once. Also takes "true"/"false" (the
       * demo sets it from ATRIUM_COMPUTE_APPROVALS).
       */
      enabled?: boolean | string;
      /** How long a request waits for a decision before it expires, e.g. `{ hours: 24 }` or `PT24H`. Default 24 hours. */
      expiresAfter?: HumanDuration | string;
      /**
       * How often pending requests are checked for expiry (a global task: one replica per run). Default 1 minute.
       */
      expiryCheckInterval?: HumanDuration | string;
      /**
       * The share of the current replicas (0.5 = 50%) by which a scale may move them without approval; Scaler
       * bounds whose minimum or maximum move by more than this share need approval too. Default 0.5.
       */
      replicaShare?: number;
      /** Which built-in rules are asked. Each defaults to true (with `enabled`). */
      rules?: {
        /** Apps of the `reserved` tier (and creating one) need approval. */
        reservedTier?: boolean;
        /** A critical alert firing (not silenced) on the service needs approval (operations' Alertmanager alerts). */
        criticalAlert?: boolean;
        /** Inside a change freeze (freezeWindows) every action needs approval. */
        freezeWindows?: boolean;
        /** A scale or Scaler bounds change by more than `replicaShare` needs approval. */
        replicaShare?: boolean;
      };
      /**
       * Change freezes: each either a span (`start` and `end`, ISO 8601; a time without an offset is in `timeZone`)
       * or recurring (`cron`, five fields in `timeZone`, and `duration` from each start, e.g. `PT48H` or
       * `{ hours: 48 }`).
       */
      freezeWindows?: Array<{
        /** Shown to people, e.g. `year-end`. */
        name: string;
        start?: string;
        end?: string;
        cron?: string;
        duration?: HumanDuration | string;
        /** An IANA time zone, e.g. Europe/Berlin. Default UTC. */
        timeZone?: string;
      }>;
    };
    /** The clusters. A component's Apps may live in several. */
    clusters?: Array<{
      /** Short name, shown to users (a DNS label). */
      name: string;
      /** @visibility frontend */
      region?: string;
      /** @visibility frontend */
      zone?: string;
      /** The API server's URL. */
      url: string;
      /**
       * A service account token.
       * @visibility secret
       */
      serviceAccountToken?: string;
      /**
       * A client certificate (PEM or base64 of PEM), with clientKey, instead of a token.
       * @visibility secret
       */
      clientCertificate?: string;
      /** @visibility secret */
      clientKey?: string;
      /** The API server's CA bundle (base64 of PEM). */
      caData?: string;
      /**
       * A file with the API server's CA bundle (PEM), instead of caData; relative to the working directory. It
       * is read at every request, so it may be written after Atrium starts (the embedded simulator's is).
       */
      caFile?: string;
      /** Do not verify the API server's certificate. Never in production. */
      skipTLSVerify?: boolean;
    }>;
    /**
     * Artifact registries (Docker Registry HTTP API v2) that serve the Apps' images. The image's host
     * (`host[:port]/path/name`) selects the entry; deploy offers and checks the tags listed there.
     */
    registries?: Array<{
      /** Host (and port) as in image references, e.g. registry.larkspur.example. */
      host: string;
      /** Base URL of the registry API (without /v2/). Default: https://<host>. */
      url?: string;
      /** Timeout of each request to the registry and its token service, in milliseconds. Default 5000. */
      timeoutMs?: number;
      /** How Atrium authenticates; the registry's token service (WWW-Authenticate: Bearer) is followed. Default none. */
      auth?:
        | { type: 'none' }
        | {
            type: 'basic';
            username: string;
            /** @visibility secret */
            password: string;
          }
        | {
            type: 'bearer';
            /** @visibility secret */
            token: string;
          };
    }>;
  };
}
