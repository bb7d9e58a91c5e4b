/* eslint-disable no-console */
/**
 * Starts the local HA stack (tests/lib/ha.ts, the one the HA tests use) for a person to try, prints where it is
 * and how to sign in, and stops everything on Ctrl-C (SIGINT) or SIGTERM. Run through scripts/ha.sh, which
 * makes sure of Node 22, the dependencies and the built frontend.
 *
 *   ATRIUM_HA_REPLICAS (2)   how many replicas
 *   ATRIUM_HA_PORT           HAProxy's port (default: a spare one)
 */
import { DEMO_PASSWORD } from '../tests/lib/auth.ts';
import { startHaStack, type HaStack } from '../tests/lib/ha.ts';

const log = (message: string) =>
  console.log(
    `[atrium-ha ${new Date().toISOString().slice(11, 19)}] ${message}`,
  );

let starting: Promise<HaStack> | undefined;
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  // A stack still starting is stopped once its start is over: its pieces run in process groups of their own,
  // which Ctrl-C does not reach.
  log(
    `${signal}: stopping the replicas, HAProxy, the simulator, the IdP, Redis and PostgreSQL`,
  );
  const stack = await starting?.catch(() => undefined);
  await stack?.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

async function main() {
  log(
    'Starting PostgreSQL, Redis, the test IdP, the Kubernetes API simulator, the replicas and HAProxy',
  );
  const started = Date.now();
  starting = startHaStack({
    replicas: Number(process.env.ATRIUM_HA_REPLICAS ?? 2),
    port: process.env.ATRIUM_HA_PORT
      ? Number(process.env.ATRIUM_HA_PORT)
      : undefined,
    progress: log,
  });
  let stack: HaStack;
  try {
    stack = await starting;
  } catch (error) {
    if (stopping) return;
    log(`the stack did not start: ${(error as Error).message}`);
    process.exit(1);
  }
  if (stopping) return;
  log(`Ready in ${Math.round((Date.now() - started) / 1000)} s.`);
  console.log(`
  Atrium (HAProxy):  ${stack.url}
  HAProxy stats:     ${stack.haproxy.statsUrl}
${stack.replicas.map(r => `  ${r.name}:         ${r.baseUrl}`).join('\n')}
  Test IdP:          ${stack.idp.issuer}

  Sign in as a demo user, e.g. alice.nakamura (or ravi.subramanian, a platform admin), password ${DEMO_PASSWORD}.
  Each response's X-Served-By header names the replica that answered. Logs: artifacts/logs/ha-*.log.
  Ctrl-C stops everything.
`);
}

void main();
