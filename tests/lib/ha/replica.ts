import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { startBackend, type Backend } from '../backend.ts';
import { freePort } from '../proc.ts';

/** One Atrium replica of the HA stack, on a fixed loopback port it keeps across restarts. */
export interface Replica {
  /** Its name in HAProxy (X-Served-By) and its log (artifacts/logs/ha-<name>.log). */
  name: string;
  /** http://localhost:<port>: the replica itself, bypassing HAProxy. */
  baseUrl: string;
  port: number;
  /** This replica's static service token (a new one after each start). */
  readonly serviceToken: string;
  readonly running: boolean;
  /** Sends `signal` to the replica's process group and waits (at most 30 s) until it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port with the same config, and waits until it is ready. */
  start(): Promise<void>;
  /** SIGTERM (Backstage's graceful shutdown), SIGKILL after 15 s. */
  stop(): Promise<void>;
}

export interface ReplicaOptions {
  name: string;
  /** Config files after app-config.yaml. */
  configs: string[];
  env: Record<string, string>;
  /** Where its data folder is made. */
  dir: string;
}

/** Picks the replica's port; `start()` runs it. */
export async function createReplica(options: ReplicaOptions): Promise<Replica> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(options.dir, `${options.name}-`));
  let backend: Backend | undefined;
  let starts = 0;
  const running = () =>
    !!backend &&
    backend.process.child.exitCode === null &&
    backend.process.child.signalCode === null;
  return {
    name: options.name,
    port,
    baseUrl: `http://localhost:${port}`,
    get serviceToken() {
      if (!backend) throw new Error(`${options.name} has not started`);
      return backend.serviceToken;
    },
    get running() {
      return running();
    },
    kill: async (signal = 'SIGKILL') => {
      if (!backend || !running()) return;
      const { child, exited } = backend.process;
      process.kill(-child.pid!, signal);
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(
              new Error(`${options.name} still running 30 s after ${signal}`),
            ),
          30_000,
        ).unref(),
      );
      await Promise.race([exited, timeout]);
    },
    start: async () => {
      if (running()) throw new Error(`${options.name} is already running`);
      starts += 1;
      backend = await startBackend({
        // One log per start, so a restart's log does not bury the first start's.
        name: `ha-${options.name}${starts > 1 ? `-start${starts}` : ''}`,
        configs: options.configs,
        dataDir,
        port,
        env: options.env,
      });
    },
    stop: async () => {
      await backend?.stop();
    },
  };
}
