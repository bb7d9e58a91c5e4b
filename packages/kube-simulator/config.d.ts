export interface Config {
  atrium?: {
    /**
     * The embedded Kubernetes API simulator (package @atrium/kube-simulator), for development and demos. It is
     * not a cluster: it serves the Kubernetes REST paths Atrium uses over simulated state.
     */
    kubeSimulator?: {
      /** Serve the simulator at /api/kube-simulator. Default false. */
      enabled?: boolean;
      /**
       * The bearer token every request to a simulated cluster must carry.
       * @visibility secret
       */
      token?: string;
      /** The reconciler's tick period in milliseconds. Default 1000. */
      tickMs?: number;
      /** Folder of the CustomResourceDefinitions, relative to the repo root. Default deploy/crds. */
      crdsDir?: string;
      /**
       * RBAC of every simulated cluster. `token` stays the admin (system:masters, full access); each of `tokens`
       * is a user the Roles, ClusterRoles and bindings of `seed` authorize (403 Forbidden beyond them).
       */
      rbac?: {
        /** Multi-document YAML of RBAC manifests (other kinds are skipped); paths as for the clusters' seeds. */
        seed?: string[];
        /** Bearer tokens of users, e.g. system:serviceaccount:atrium:atrium-compute. */
        tokens?: Array<{
          /** @visibility secret */
          token: string;
          /** The user name; a service account's is system:serviceaccount:<namespace>:<name>. */
          user: string;
          /** Groups besides system:authenticated (and a service account's own). */
          groups?: string[];
        }>;
      };
      /**
       * The simulated clusters' HTTPS listener, on a port of its own: each cluster at
       * https://<host>:<port>/clusters/<name>, with a server certificate signed by a CA the simulator makes at its
       * first start and keeps (reused while valid) in `dataDir` as `ca.crt` (what clients trust) and `ca.key`.
       * The registry simulator stays on the backend's http port.
       */
      https?: {
        /** Serve HTTPS. Default true. */
        enabled?: boolean;
        /** The port. Default: the environment variable ATRIUM_SIMULATOR_PORT, else 7443. */
        port?: number;
        /** The listen address. Default 127.0.0.1. */
        host?: string;
        /** The folder of the CA. Default $ATRIUM_DATA_DIR/kube-simulator, else data/kube-simulator of the repo. */
        dataDir?: string;
      };
      /**
       * The simulated clusters, each served at /clusters/<name> of the HTTPS listener and at
       * /api/kube-simulator/clusters/<name> of the backend.
       */
      clusters?: Array<{
        /** The cluster's name (a DNS label). */
        name: string;
        /** Multi-document YAML seed files: absolute, or relative to the working directory if they exist there, else to the repo root. */
        seed?: string[];
      }>;
      /**
       * The registry simulator, served at /api/kube-simulator/registry (Docker Registry HTTP API v2, read-only).
       * It takes `token` as its static bearer token.
       */
      registry?: {
        /** Seed file of repositories and tags (relative paths as for the clusters' seeds). */
        seed?: string;
      };
    };
  };
}
