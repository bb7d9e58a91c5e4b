// Ingestion only: starts Atrium or the stock app with the speed bench's catalog, times until every entity is in its catalog API,
// prints progress every 30 s, stops it.   node bench/ingest.ts atrium|stock small|large|xlarge [extra-config.yaml...]
// PROBE_TIMEOUT_S bounds the wait; PROBE_CHILD_NODE_OPTIONS goes to the backend only (e.g. --cpu-prof).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kindCounts, startBackend } from '../tests/lib/backend.ts';
import { freePort, sleep } from '../tests/lib/proc.ts';
import { benchCatalog, catalogConfig, type Size } from './lib/catalog.ts';
import { startStockBackend, stockBenchConfig } from './lib/stock.ts';

const [app, size, ...extra] = process.argv.slice(2);
const catalog = benchCatalog(size as Size);
const timeoutMs = Number(process.env.PROBE_TIMEOUT_S ?? 1800) * 1000;
const childEnv: Record<string, string> = process.env.PROBE_CHILD_NODE_OPTIONS
  ? { NODE_OPTIONS: process.env.PROBE_CHILD_NODE_OPTIONS }
  : {};
const dir = mkdtempSync(join(tmpdir(), `probe-${app}-`));
const config = join(dir, 'app-config.probe.yaml');
const t0 = Date.now();
let server: { baseUrl: string; serviceToken: string; stop(): Promise<void> };
if (app === 'atrium') {
  writeFileSync(config, JSON.stringify({ catalog: catalogConfig(catalog) }));
  server = await startBackend({
    name: `probe-atrium-${size}`,
    configs: [config, ...extra.map(e => resolve(e))],
    dataDir: dir,
    env: childEnv,
  });
} else {
  const port = await freePort();
  const serviceToken = randomBytes(24).toString('hex');
  writeFileSync(
    config,
    JSON.stringify(
      stockBenchConfig({
        port,
        dataDir: dir,
        serviceToken,
        catalog: catalogConfig(catalog),
      }),
    ),
  );
  Object.assign(process.env, childEnv);
  const b = await startStockBackend({
    name: `probe-stock-${size}`,
    configs: [config, ...extra.map(e => resolve(e))],
    dataDir: dir,
    port,
  });
  server = { ...b, serviceToken };
}
const t1 = Date.now();
console.log(
  `${app} ${size}: ready in ${((t1 - t0) / 1000).toFixed(1)} s; waiting for ${
    catalog.total
  }`,
);
let done = false;
let lastPrint = 0;
try {
  while (Date.now() - t1 < timeoutMs) {
    let counts: Record<string, number> = {};
    try {
      counts = await kindCounts(server.baseUrl, server.serviceToken);
    } catch (e) {
      /* not yet */
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    done = Object.entries(catalog.kindCounts).every(
      ([k, n]) => (counts[k] ?? 0) >= n,
    );
    const s = (Date.now() - t1) / 1000;
    if (done || s - lastPrint >= 30) {
      lastPrint = s;
      console.log(
        `  +${s.toFixed(0)} s: ${total} entities ${JSON.stringify(counts)}`,
      );
    }
    if (done) break;
    await sleep(1000);
  }
  const s = (Date.now() - t1) / 1000;
  console.log(
    `${app} ${size}: ${done ? 'INGESTED' : 'TIMED OUT'} in ${s.toFixed(1)} s`,
  );
  if (process.env.PROBE_LINGER_S)
    await sleep(Number(process.env.PROBE_LINGER_S) * 1000);
} finally {
  await server.stop();
  if (!process.env.PROBE_KEEP) rmSync(dir, { recursive: true, force: true });
  else console.log(`data kept in ${dir}`);
}
