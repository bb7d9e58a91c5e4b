// The online half of scripts/upgrade-backstage.sh: which versions make up "the newest Backstage release", and its
// release number, learnt from the npm registry alone (versions.backstage.io, where Backstage publishes release
// manifests, cannot be reached from here).
//
// One release = each package's `latest` dist-tag, checked for coherence. Backstage publishes a release by
// publishing every changed package and moving `latest` on each; patch releases of an older release line are
// published without moving `latest`. So the `latest` of every package is the newest release, provided the set
// agrees with itself: every chosen package's @backstage/* dependencies (and peer dependencies) must be satisfied by
// the chosen versions. A disagreement (a `latest` moved mid-publish, or a package left behind by a release that
// no longer publishes it) stops the upgrade, naming the package and the range it wants.
//
// The release number (backstage.json). npm holds no manifest, but @backstage/create-app records one: its
// dist/package.json.cjs.js is the Backstage monorepo's root version at publish time, and dist/packages/*/ hold the
// versions it scaffolds. When those versions are the chosen ones, the release is create-app's number. Otherwise
// create-app lags (it is not always published with a release; on 2026-12-06 npm had it at 1.55.0 while the
// packages had moved on) and the number is counted from the CHANGELOGs in the chosen packages' tarballs:
// between the version create-app scaffolds and the chosen one, each run of `-next.N` headings is one main
// release (Backstage publishes `-next` prereleases in the weeks before each), and stable headings after the
// newest run are patch releases of it. The release is create-app's minor plus the most main releases any package
// went through, and the patch count of the packages that went through that many. `--release X.Y.Z` overrides
// the count (e.g. from the release notes); the evidence is printed either way.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEP_FIELDS, isBackstage } from './backstageVersions.ts';

const NPM_TIMEOUT_MS = 120_000;
/** npm views at a time (each is mostly waiting on the registry). */
const CONCURRENCY = 6;

export interface Published {
  name: string;
  version: string;
  deps: Record<string, string>;
  optionalPeers: string[];
}

export const log = (message: string) => process.stderr.write(`${message}\n`);

function npm(args: string[], cwd?: string): string {
  return execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    timeout: NPM_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The `latest` of one package, with its @backstage/* dependencies (not dev) and the optional peers' names. */
export async function viewLatest(name: string): Promise<Published> {
  const { stdout } = await promisify(execFile)(
    'npm',
    [
      'view',
      `${name}@latest`,
      'version',
      ...DEP_FIELDS,
      'peerDependenciesMeta',
      '--json',
    ],
    { timeout: NPM_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
  );
  const info = JSON.parse(stdout);
  const deps: Record<string, string> = {};
  for (const field of DEP_FIELDS) {
    if (field === 'devDependencies') continue;
    for (const [dep, range] of Object.entries<string>(info[field] ?? {})) {
      if (isBackstage(dep)) deps[dep] = range;
    }
  }
  const optionalPeers = Object.keys(info.peerDependenciesMeta ?? {}).filter(
    dep => info.peerDependenciesMeta[dep]?.optional,
  );
  return { name, version: info.version, deps, optionalPeers };
}

/**
 * The newest release: `latest` of each of `names` and of every @backstage/* package they depend on, and every
 * dependency range the chosen set fails to satisfy (empty when it is one release). A dependency on a package
 * that is not chosen otherwise is followed only when it is not an optional peer.
 */
export async function newestRelease(
  root: string,
  names: Iterable<string>,
): Promise<{ chosen: Map<string, Published>; incoherent: string[] }> {
  const semver = createRequire(join(root, 'package.json'))('semver');
  const chosen = new Map<string, Published>();
  const seen = new Set<string>(names);
  const queue = [...seen].sort();
  const worker = async () => {
    while (queue.length) {
      const name = queue.shift()!;
      const pkg = await viewLatest(name);
      chosen.set(name, pkg);
      for (const dep of Object.keys(pkg.deps)) {
        if (seen.has(dep) || pkg.optionalPeers.includes(dep)) continue;
        seen.add(dep);
        queue.push(dep);
      }
    }
  };
  // Workers that find the queue empty while others still run stop early; rerun until nothing is left.
  while (chosen.size < seen.size) {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }
  const incoherent: string[] = [];
  for (const pkg of [...chosen.values()].sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    for (const [dep, range] of Object.entries(pkg.deps)) {
      const have = chosen.get(dep)?.version;
      if (have === undefined) continue; // an optional peer nothing else uses
      if (!semver.satisfies(have, range)) {
        incoherent.push(
          `${pkg.name}@${pkg.version} wants ${dep}@${range}, latest is ${have}`,
        );
      }
    }
  }
  return { chosen, incoherent };
}

/** Downloads and unpacks a package's tarball; returns its `package` folder (in a temporary directory). */
export function unpack(spec: string, into: string): string {
  const dir = mkdtempSync(join(into, 'pkg-'));
  const file = JSON.parse(npm(['pack', spec, '--json', '--silent'], dir))[0]
    .filename;
  execFileSync('tar', ['xzf', file], { cwd: dir, timeout: NPM_TIMEOUT_MS });
  return join(dir, 'package');
}

const quoted = (text: string) => /"([^"]+)"/.exec(text)?.[1];

/** What a create-app tarball records: its release number, the versions it scaffolds, its template's packages. */
export function readCreateApp(dir: string) {
  const release = quoted(
    readFileSync(join(dir, 'dist/package.json.cjs.js'), 'utf8'),
  )!;
  // dist/lib/versions.cjs.js maps each package name to a require of dist/{packages,plugins}/<dir>/package.json.
  const versionsJs = readFileSync(
    join(dir, 'dist/lib/versions.cjs.js'),
    'utf8',
  );
  const files = new Map<string, string>();
  for (const m of versionsJs.matchAll(
    /var (\S+) = require\('\.\.\/([^']+)'\)/g,
  ))
    files.set(m[1], m[2]);
  const scaffolds = new Map<string, string>();
  for (const m of versionsJs.matchAll(
    /"(@backstage\/[^"]+)": (\S+)\.version/g,
  )) {
    const file = files.get(m[2]);
    const version =
      file && quoted(readFileSync(join(dir, 'dist', file), 'utf8'));
    if (version) scaffolds.set(m[1], version);
  }
  const template = new Set<string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/^package\.json/.test(entry.name)) {
        for (const m of readFileSync(path, 'utf8').matchAll(
          /"(@backstage\/[^"]+)":/g,
        ))
          template.add(m[1]);
      }
    }
  };
  walk(join(dir, 'templates/default-app'));
  return { release, scaffolds, template };
}

/** Main releases (runs of `-next` headings) and patch releases after the newest one, from `to` back to `from`. */
export function countReleases(changelog: string, from: string, to: string) {
  const headings = [...changelog.matchAll(/^## (\S+)\s*$/gm)].map(m => m[1]);
  const start = headings.indexOf(to);
  const end = headings.indexOf(from);
  if (start < 0 || end < 0 || end < start) return undefined;
  let mains = 0;
  let stablesBeforeFirstRun = 0;
  let inRun = false;
  for (const heading of headings.slice(start, end)) {
    const pre = heading.includes('-');
    if (pre && !inRun) mains += 1;
    if (!pre && mains === 0) stablesBeforeFirstRun += 1;
    inRun = pre;
  }
  // The stable heading just above the newest run is that main release itself.
  return { mains, patches: Math.max(0, stablesBeforeFirstRun - 1) };
}

/** The release number of the chosen set, with the evidence for it. */
export function releaseNumber(
  chosen: Map<string, Published>,
  createApp: { release: string; scaffolds: Map<string, string> },
  work: string,
): { version: string; evidence: string[] } {
  const behind = [...createApp.scaffolds].filter(
    ([name, v]) => chosen.has(name) && chosen.get(name)!.version !== v,
  );
  if (behind.length === 0) {
    return {
      version: createApp.release,
      evidence: [
        `@backstage/create-app scaffolds exactly these versions as ${createApp.release}`,
      ],
    };
  }
  const evidence: string[] = [];
  const counts: Array<{ mains: number; patches: number }> = [];
  for (const [name, from] of behind) {
    const to = chosen.get(name)!.version;
    const dir = unpack(`${name}@${to}`, work);
    const count = countReleases(
      readFileSync(join(dir, 'CHANGELOG.md'), 'utf8'),
      from,
      to,
    );
    if (!count) continue;
    counts.push(count);
    evidence.push(
      `${name} ${from} -> ${to}: ${count.mains} main release(s), then ${count.patches} patch release(s)`,
    );
  }
  const mains = Math.max(0, ...counts.map(c => c.mains));
  const patches = Math.max(
    0,
    ...counts.filter(c => c.mains === mains).map(c => c.patches),
  );
  const [major, minor] = createApp.release.split('.').map(Number);
  return { version: `${major}.${minor + mains}.${patches}`, evidence };
}

export async function withTempDir<T>(
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-backstage-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
