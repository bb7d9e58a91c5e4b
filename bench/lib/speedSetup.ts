// The speed benchmark's (bench/speed.ts) preparations: Atrium's frontend built, and --generate-only's catalogs.
import { join } from 'node:path';
import { artifactDir, ROOT } from '../../tests/lib/paths.ts';
import { benchCatalog, checkCatalog, type Size } from './catalog.ts';
import { log, printTable, runBounded } from './util.ts';

/** Builds Atrium's frontend when its inputs changed, as scripts/start.sh does (and installs on a fresh clone). */
export async function ensureAtriumFrontend() {
  log('Atrium: frontend build (skipped when nothing changed)');
  await runBounded(
    'bash',
    [
      '-c',
      'source scripts/lib/env.sh && source scripts/lib/backend.sh && ensure_node && ensure_yarn && ' +
        '{ [ -f node_modules/.atrium-install ] || ensure_deps; } && ensure_frontend_build',
    ],
    {
      cwd: ROOT,
      logFile: join(artifactDir('logs'), 'bench-speed-build.log'),
      timeoutMs: 30 * 60_000,
    },
  );
}

/** --generate-only: each size's catalog written, counted by kind and its refs checked; no app is started. */
export function generateOnly(sizes: Size[]) {
  for (const size of sizes) {
    const t0 = Date.now();
    const catalog = benchCatalog(size);
    const check = checkCatalog(catalog);
    console.log(
      `\nCatalog "${size}": ${check.total} entities in ${
        catalog.files.length
      } files (generated and read back in ${((Date.now() - t0) / 1000).toFixed(
        1,
      )} s); ${check.refs} refs, ${check.unresolved.length} unresolved`,
    );
    printTable(
      ['kind', 'entities'],
      Object.entries(check.kindCounts)
        .sort(([, a], [, b]) => b - a)
        .map(([kind, n]) => [kind, String(n)]),
    );
    for (const u of check.unresolved.slice(0, 20))
      console.log(`unresolved: ${u}`);
    const expected = JSON.stringify(Object.entries(catalog.kindCounts).sort());
    const read = JSON.stringify(
      Object.entries(check.kindCounts)
        .filter(([kind]) => kind in catalog.kindCounts)
        .sort(),
    );
    if (expected !== read) {
      console.log(`counts differ from the generator's: ${expected}`);
      process.exitCode = 1;
    }
    if (check.unresolved.length > 0) process.exitCode = 1;
  }
}
