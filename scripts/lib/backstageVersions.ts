// The offline half of scripts/upgrade-backstage.sh: what "Atrium is on one Backstage release" means, and the
// check (`--check`) that it holds. No network, no node_modules: only the repository's files.
//
// The record of the release is two files:
//   - backstage.json `version`: the release number (what Backstage's own tooling reads);
//   - the root package.json `resolutions`: one exact version for every @backstage/* package Atrium (or bench's
//     stock app, see bench/lib/stock.ts) uses, directly or through another @backstage package. A patched package
//     is pinned as `patch:<name>@npm%3A<version>#<file>` and counts as <version>.
// The check then asks, and reports every disagreement (not just the first):
//   - every @backstage/* dependency of every workspace manifest (the root and the `workspaces` globs, plus
//     bench/ and tests/ when they declare any) names the recorded version: `^V`, `~V`, `V` or the patch string;
//   - yarn.lock resolves each @backstage/* package to exactly one version, the recorded one, and resolves
//     every recorded package that a manifest names;
//   - each patch file named by a resolution exists.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const DEP_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

const EXACT = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
const PATCH = /^patch:(@backstage\/[^@]+)@npm%3A([^#]+)#(.+)$/;

export interface Pin {
  version: string;
  /** The whole resolution string when the package is patched. */
  patch?: string;
  /** The patch file, relative to the repository root. */
  patchFile?: string;
}

export const readJson = (file: string): any =>
  JSON.parse(readFileSync(file, 'utf8'));

export const isBackstage = (name: string) => name.startsWith('@backstage/');

/** Parses a resolution value: an exact version or a Yarn patch of one. */
export function parsePin(value: string): Pin | undefined {
  if (EXACT.test(value)) return { version: value };
  const m = PATCH.exec(value);
  if (m && EXACT.test(m[2])) {
    return {
      version: m[2],
      patch: value,
      patchFile: m[3].replace(/^~\//, '').replace(/::.*$/, ''),
    };
  }
  return undefined;
}

/** The workspace manifests, relative to `root`: the root's, each `workspaces` glob's, bench/ and tests/. */
export function workspaceManifests(root: string): string[] {
  const out = ['package.json'];
  const globs: string[] = readJson(join(root, 'package.json')).workspaces ?? [];
  for (const glob of globs) {
    const m = /^([^*]+)\/\*$/.exec(glob);
    if (!m) throw new Error(`unsupported workspaces glob '${glob}'`);
    const dir = join(root, m[1]);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const manifest = join(m[1], name, 'package.json');
      if (existsSync(join(root, manifest))) out.push(manifest);
    }
  }
  for (const extra of ['bench/package.json', 'tests/package.json']) {
    if (existsSync(join(root, extra))) out.push(extra);
  }
  return out;
}

/** Every @backstage/* dependency of every workspace manifest: [manifest, field, name, range]. */
export function backstageDeclarations(
  root: string,
): Array<[string, string, string, string]> {
  const out: Array<[string, string, string, string]> = [];
  for (const manifest of workspaceManifests(root)) {
    const pkg = readJson(join(root, manifest));
    for (const field of DEP_FIELDS) {
      for (const [name, range] of Object.entries<string>(pkg[field] ?? {})) {
        if (isBackstage(name)) out.push([manifest, field, name, range]);
      }
    }
  }
  return out;
}

/** The versions a range in a manifest names, when it names exactly one (`^V`, `~V`, `V`, `npm:^V`, a patch). */
export function rangeVersion(range: string): string | undefined {
  const pin = parsePin(range);
  if (pin) return pin.version;
  const m = /^(?:npm:)?[\^~]?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(range);
  return m?.[1];
}

/** @backstage/* packages and the versions yarn.lock resolves them to (a patched entry counts by its base). */
export function lockVersions(lockText: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const block of lockText.split(/\n\s*\n/)) {
    const resolution = /^\s+resolution: "(@backstage\/[^@"]+)@/m.exec(block);
    const version = /^\s+version: (\S+)/m.exec(block);
    if (!resolution || !version) continue;
    const set = out.get(resolution[1]) ?? new Set<string>();
    set.add(version[1].replace(/^"|"$/g, ''));
    out.set(resolution[1], set);
  }
  return out;
}

export interface Release {
  version: string;
  pins: Map<string, Pin>;
}

/** The recorded release: backstage.json's version and the root resolutions' @backstage pins. */
export function readRelease(root: string, problems: string[] = []): Release {
  const version = String(readJson(join(root, 'backstage.json')).version ?? '');
  if (!EXACT.test(version)) {
    problems.push(
      `backstage.json: version '${version}' is not a release number`,
    );
  }
  const pins = new Map<string, Pin>();
  const resolutions = readJson(join(root, 'package.json')).resolutions ?? {};
  for (const [name, value] of Object.entries<string>(resolutions)) {
    if (!isBackstage(name)) continue;
    const pin = parsePin(value);
    if (!pin) {
      problems.push(
        `package.json: resolutions pins ${name} to '${value}', not to one version`,
      );
      continue;
    }
    pins.set(name, pin);
  }
  return { version, pins };
}

/** Every way the repository at `root` disagrees with one Backstage release; empty when it agrees. */
export function checkBackstageVersions(root: string): string[] {
  const problems: string[] = [];
  const release = readRelease(root, problems);
  for (const [name, pin] of release.pins) {
    if (pin.patchFile && !existsSync(join(root, pin.patchFile))) {
      problems.push(
        `package.json: resolutions patch ${name} with ${pin.patchFile}, which does not exist`,
      );
    }
  }

  const declared = new Set<string>();
  for (const [manifest, field, name, range] of backstageDeclarations(root)) {
    declared.add(name);
    const pin = release.pins.get(name);
    const where = `${manifest}: ${field} ${name} is '${range}'`;
    if (!pin) {
      problems.push(`${where}, but the root resolutions do not pin ${name}`);
      continue;
    }
    const version = rangeVersion(range);
    if (version === undefined) {
      problems.push(
        `${where}, not one version (the release has ${pin.version})`,
      );
    } else if (version !== pin.version) {
      problems.push(`${where}, the release has ${pin.version}`);
    } else if (range.startsWith('patch:') && range !== pin.patch) {
      problems.push(
        `${where}, the root resolutions patch it as '${pin.patch}'`,
      );
    }
  }

  const lockFile = join(root, 'yarn.lock');
  if (!existsSync(lockFile)) {
    problems.push('yarn.lock is missing');
    return problems;
  }
  const locked = lockVersions(readFileSync(lockFile, 'utf8'));
  for (const [name, versions] of [...locked].sort()) {
    const list = [...versions].sort();
    const pin = release.pins.get(name);
    if (list.length > 1) {
      problems.push(
        `yarn.lock: ${name} resolves to ${list.length} versions: ${list.join(
          ', ',
        )}`,
      );
    }
    if (!pin) {
      problems.push(
        `yarn.lock: ${name} resolves to ${list.join(
          ', ',
        )}, which the root resolutions do not pin`,
      );
    } else if (list.some(v => v !== pin.version)) {
      problems.push(
        `yarn.lock: ${name} resolves to ${list.join(', ')}, the release has ${
          pin.version
        }`,
      );
    }
  }
  for (const name of [...declared].sort()) {
    if (!locked.has(name)) {
      problems.push(
        `yarn.lock: ${name} is declared but not resolved (run yarn install)`,
      );
    }
  }
  return problems;
}
