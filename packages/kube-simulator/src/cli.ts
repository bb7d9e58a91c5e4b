/* eslint-disable no-console */
/**
 * Standalone Kubernetes API simulator (not a cluster), for tests and local tooling.
 *
 *   node --require <repo>/node_modules/@backstage/cli-node/config/nodeTransform.cjs \
 *     packages/kube-simulator/src/cli.ts \
 *     --cluster sim-eu-west=0 --seed sim-eu-west=demo/compute/sim-eu-west.yaml \
 *     --token dev-token --registry 0=demo/compute/registry.yaml --tick-ms 100
 *
 * The clusters serve HTTPS with a CA kept in the data folder (`--data-dir`, default
 * `$ATRIUM_DATA_DIR/kube-simulator` or `data/kube-simulator`): `ca.crt` is what clients trust.
 *
 * Prints one JSON line per listening server, e.g.
 *   {"simulator":"kube","cluster":"sim-eu-west","url":"https://127.0.0.1:40123","caFile":"/…/ca.crt"}
 *   {"simulator":"registry","url":"http://127.0.0.1:40124"}
 * and exits cleanly on SIGTERM or SIGINT.
 */
import path from 'node:path';
import { parseTokenSubject, TokenSubject } from './access';
import { defaultDataDir, resolveFromRoot } from './paths';
import { createRegistrySimulator, loadRegistrySeed } from './registry';
import { createKubeSimulator, ListeningServer, listenOn } from './simulator';
import { loadOrCreateTls } from './tls';

const USAGE = `kube-simulator: a Kubernetes API simulator (not a cluster)

Options:
  --cluster <name>=<port>     a simulated cluster on 127.0.0.1:<port> (0 picks a free port); repeatable
  --seed <name>=<file>        a seed YAML for that cluster; repeatable
  --token <token>             the admin's bearer token, full access (default: dev-token)
  --token <token>=<user>[,<group>…]  a token for a user RBAC authorizes, e.g.
                              t1=system:serviceaccount:atrium:atrium-compute; repeatable
  --rbac <file>               Roles, ClusterRoles and bindings (YAML manifests); repeatable
  --registry <port>=<file>    also run the registry simulator with this seed
  --tick-ms <ms>              reconciler period (default 1000)
  --bad-image <image>:<tag>   an image version that crash-loops in every cluster; repeatable
  --crds <dir>                CustomResourceDefinitions folder (default deploy/crds)
  --host <host>               listen address (default 127.0.0.1)
  --data-dir <dir>            where the CA (ca.crt, ca.key) is kept and reused
                              (default $ATRIUM_DATA_DIR/kube-simulator, else data/kube-simulator)
  --plain-http                serve the clusters over plain http instead of HTTPS
  --ready-after-ticks <n>     ticks until a new pod is Ready (default 2)
  --progress-deadline-ticks <n>  ticks without progress before a rollout fails (default 20)
`;

function parseArgs(argv: string[]) {
  const out = {
    clusters: [] as Array<{ name: string; port: number }>,
    seeds: new Map<string, string[]>(),
    token: 'dev-token',
    tokens: [] as TokenSubject[],
    rbac: [] as string[],
    tickMs: 1000,
    badImages: [] as Array<{ image: string; version: string }>,
    host: '127.0.0.1',
    registry: undefined as undefined | { port: number; seed: string },
    crds: undefined as string | undefined,
    dataDir: undefined as string | undefined,
    plainHttp: false,
    readyAfterTicks: undefined as number | undefined,
    progressDeadlineTicks: undefined as number | undefined,
  };
  const pair = (v: string, flag: string) => {
    const i = v.indexOf('=');
    if (i <= 0) throw new Error(`${flag} expects <a>=<b>, got "${v}"`);
    return [v.slice(0, i), v.slice(i + 1)] as const;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--cluster': {
        const [name, port] = pair(value(), flag);
        out.clusters.push({ name, port: Number(port) });
        break;
      }
      case '--seed': {
        const [name, file] = pair(value(), flag);
        out.seeds.set(name, [...(out.seeds.get(name) ?? []), file]);
        break;
      }
      case '--registry': {
        const [port, seed] = pair(value(), flag);
        out.registry = { port: Number(port), seed };
        break;
      }
      case '--token': {
        const v = value();
        if (v.includes('=')) out.tokens.push(parseTokenSubject(v));
        else out.token = v;
        break;
      }
      case '--rbac':
        out.rbac.push(value());
        break;
      case '--tick-ms':
        out.tickMs = Number(value());
        break;
      case '--host':
        out.host = value();
        break;
      case '--crds':
        out.crds = value();
        break;
      case '--data-dir':
        out.dataDir = path.resolve(value());
        break;
      case '--plain-http':
        out.plainHttp = true;
        break;
      case '--ready-after-ticks':
        out.readyAfterTicks = Number(value());
        break;
      case '--progress-deadline-ticks':
        out.progressDeadlineTicks = Number(value());
        break;
      case '--bad-image': {
        const v = value();
        const j = v.lastIndexOf(':');
        out.badImages.push({ image: v.slice(0, j), version: v.slice(j + 1) });
        break;
      }
      case '--help':
      case '-h':
        process.stdout.write(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${flag}\n\n${USAGE}`);
    }
  }
  for (const name of out.seeds.keys()) {
    if (!out.clusters.some(c => c.name === name))
      throw new Error(`--seed for unknown cluster "${name}"`);
  }
  if (out.clusters.length === 0 && !out.registry)
    throw new Error(`nothing to serve\n\n${USAGE}`);
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const simulator = createKubeSimulator({
    token: args.token,
    rbac: { seed: args.rbac, tokens: args.tokens },
    tickMs: args.tickMs,
    crdsDir: args.crds,
    badImages: args.badImages,
    readyAfterTicks: args.readyAfterTicks,
    progressDeadlineTicks: args.progressDeadlineTicks,
    clusters: args.clusters.map(c => ({
      name: c.name,
      seed: args.seeds.get(c.name) ?? [],
    })),
  });
  const extra: ListeningServer[] = [];
  const tls = args.plainHttp
    ? undefined
    : await loadOrCreateTls(args.dataDir ?? defaultDataDir(), {
        hosts: [...new Set([args.host, '127.0.0.1', '::1', 'localhost'])],
      });
  for (const c of args.clusters) {
    const server = await simulator
      .cluster(c.name)
      .listen(c.port, args.host, tls);
    console.log(
      JSON.stringify({
        simulator: 'kube',
        cluster: c.name,
        url: server.url,
        ...(tls ? { caFile: tls.caFile } : {}),
      }),
    );
  }
  if (args.registry) {
    const registry = createRegistrySimulator(
      loadRegistrySeed(resolveFromRoot(args.registry.seed)),
    );
    const server = await listenOn(
      registry.handler,
      args.registry.port,
      args.host,
    );
    extra.push(server);
    console.log(JSON.stringify({ simulator: 'registry', url: server.url }));
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await simulator.stop();
    await Promise.all(extra.map(s => s.close()));
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  console.error(`kube-simulator: ${(error as Error).message}`);
  process.exit(1);
});
