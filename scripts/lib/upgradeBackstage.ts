// scripts/upgrade-backstage.sh's entry point (run by the repository's Node 22).
//   --check            offline: does the repository agree with one Backstage release? (scripts/lib/backstageVersions.ts)
//   (no flag)          move every @backstage/* package to the newest release on the npm registry
//                      (scripts/lib/backstageRelease.ts), re-make Yarn patches on the new versions, yarn install,
//                      then the check.
//   --dry-run          print the move without writing anything.
//   --allow-behind     move even when some packages' `latest` wants older versions of others than the chosen ones
//                      (the registry lacks their newer versions); the root resolutions then hold them to the
//                      chosen ones. Without it, the move stops and names them.
//   --release X.Y.Z    the release number for backstage.json, instead of the one counted from npm.
//   --root DIR         the repository (default: this one).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEP_FIELDS,
  backstageDeclarations,
  checkBackstageVersions,
  isBackstage,
  lockVersions,
  readJson,
  readRelease,
  workspaceManifests,
  type Pin,
} from './backstageVersions.ts';
import {
  log,
  newestRelease,
  readCreateApp,
  releaseNumber,
  unpack,
  withTempDir,
} from './backstageRelease.ts';

const INSTALL_TIMEOUT_MS = 30 * 60_000;

function parseArgs(argv: string[]) {
  const opts = {
    check: false,
    dryRun: false,
    allowBehind: false,
    release: undefined as string | undefined,
    root: resolve(dirname(fileURLToPath(import.meta.url)), '../..'),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') opts.check = true;
    else if (arg === '--dry-run') opts.dryRun = true;
    else if (arg === '--allow-behind') opts.allowBehind = true;
    else if (arg === '--release') opts.release = argv[++i];
    else if (arg === '--root') opts.root = resolve(argv[++i]);
    else
      throw new Error(
        `unknown argument '${arg}' (see scripts/upgrade-backstage.sh)`,
      );
  }
  return opts;
}

function check(root: string): number {
  const problems = checkBackstageVersions(root);
  const release = readJson(join(root, 'backstage.json')).version;
  if (problems.length === 0) {
    log(
      `Backstage versions agree: release ${release}, every @backstage/* package at one version.`,
    );
    return 0;
  }
  log(
    `Backstage versions disagree with release ${release} (${problems.length}):`,
  );
  for (const problem of problems) log(`  - ${problem}`);
  return 1;
}

const writeJson = (file: string, value: unknown) =>
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

function yarn(root: string, args: string[], timeout = INSTALL_TIMEOUT_MS) {
  return execFileSync('yarn', args, {
    cwd: root,
    encoding: 'utf8',
    timeout,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/**
 * Re-makes a Yarn patch on `version`: `yarn patch`, the old patch applied with git apply, `yarn patch-commit`.
 * Returns the new resolution, or undefined when the new version already contains the change (patch dropped).
 */
function remakePatch(root: string, name: string, pin: Pin, version: string) {
  const out = yarn(root, ['patch', `${name}@npm:${version}`, '--json']);
  const path = JSON.parse(out.trim().split('\n').pop()!).path as string;
  const patchFile = join(root, pin.patchFile!);
  const git = (args: string[]) =>
    execFileSync('git', ['apply', ...args, patchFile], {
      cwd: path,
      stdio: 'pipe',
    });
  try {
    git(['--check']);
  } catch {
    try {
      git(['--check', '--reverse']);
    } catch {
      throw new Error(
        `${pin.patchFile} does not apply to ${name}@${version}: re-make it by hand (yarn patch ${name}@npm:${version})`,
      );
    }
    log(
      `  ${name}@${version} already has ${pin.patchFile}'s change: patch dropped`,
    );
    return undefined;
  }
  git([]);
  // patch-commit writes the patch file and points the workspaces that depend on the package at it (the root
  // resolutions keep the plain version); the caller writes the patch string everywhere.
  yarn(root, ['patch-commit', '-s', path]);
  const prefix = `patch:${name}@npm%3A${version}#`;
  const resolution = backstageDeclarations(root)
    .map(([, , dep, range]) => (dep === name ? range : ''))
    .find(range => range.startsWith(prefix));
  if (!resolution) {
    throw new Error(
      `yarn patch-commit did not record a patch of ${name}@${version}`,
    );
  }
  log(`  ${pin.patchFile} re-made for ${name}@${version}: ${resolution}`);
  return resolution as string;
}

/** The new value of a manifest's range: same prefix (`^`, `~`, none), new version; patches to `patched`. */
function moveRange(range: string, version: string, resolution: string) {
  if (range.startsWith('patch:') || resolution.startsWith('patch:'))
    return resolution.startsWith('patch:') ? resolution : `^${version}`;
  const m = /^(npm:)?([\^~]?)\d/.exec(range);
  return m ? `${m[1] ?? ''}${m[2]}${version}` : range;
}

async function upgrade(opts: ReturnType<typeof parseArgs>): Promise<number> {
  const { root } = opts;
  const problems: string[] = [];
  const current = readRelease(root, problems);
  if (problems.length) throw new Error(problems.join('\n'));
  const names = new Set<string>(current.pins.keys());
  for (const [, , name] of backstageDeclarations(root)) names.add(name);
  for (const name of lockVersions(
    readFileSync(join(root, 'yarn.lock'), 'utf8'),
  ).keys())
    names.add(name);

  return withTempDir(async work => {
    log(
      'Reading @backstage/create-app (release number, the stock app template of bench/lib/stock.ts)',
    );
    const createApp = readCreateApp(
      unpack('@backstage/create-app@latest', work),
    );
    for (const name of createApp.template) names.add(name);

    log(
      `Reading the latest of ${names.size} @backstage/* packages and their @backstage dependencies`,
    );
    const { chosen, incoherent } = await newestRelease(root, names);
    if (incoherent.length) {
      log(
        'The latest versions are not one release (each package left behind holds an older range):',
      );
      for (const line of incoherent) log(`  - ${line}`);
      if (!opts.allowBehind) {
        log(
          'Stopped. --allow-behind moves anyway; the root resolutions then hold every package to one version.',
        );
        return 1;
      }
      log('--allow-behind: moving anyway.');
    }
    const number = releaseNumber(chosen, createApp, work);
    const release = opts.release ?? number.version;
    log(
      `Release: ${release}${
        opts.release ? ` (given; counted ${number.version})` : ''
      }`,
    );
    for (const line of number.evidence) log(`  ${line}`);

    const moves = [...chosen.values()]
      .filter(p => current.pins.get(p.name)?.version !== p.version)
      .map(
        p =>
          `${p.name} ${current.pins.get(p.name)?.version ?? '(new)'} -> ${
            p.version
          }`,
      );
    log(
      `${moves.length} package(s) move, from ${
        readJson(join(root, 'backstage.json')).version
      } to ${release}:`,
    );
    for (const line of moves) log(`  ${line}`);
    if (opts.dryRun) return 0;

    // Patched packages go in at their plain new version first: yarn patch works on installed packages only.
    const resolutions = new Map<string, string>();
    for (const pkg of chosen.values()) resolutions.set(pkg.name, pkg.version);
    const patched = [...current.pins].filter(([, pin]) => pin.patch);
    for (const [name, pin] of patched) {
      if (chosen.get(name)!.version === pin.version)
        resolutions.set(name, pin.patch!);
    }
    writeManifests(root, chosen, resolutions);
    writeJson(join(root, 'backstage.json'), { version: release });
    log('yarn install');
    yarnInstall(root);

    // Then each patch is re-made on its new version (or dropped when upstream has the change).
    let remadeAny = false;
    for (const [name, pin] of patched) {
      const version = chosen.get(name)!.version;
      if (version === pin.version) continue;
      const remade = remakePatch(root, name, pin, version);
      resolutions.set(name, remade ?? version);
      const stillUsed = [...resolutions.values()].some(v =>
        v.includes(pin.patchFile!),
      );
      if (!stillUsed) rmSync(join(root, pin.patchFile!), { force: true });
      remadeAny = true;
    }
    if (remadeAny) {
      writeManifests(root, chosen, resolutions);
      log('yarn install (patched packages)');
      yarnInstall(root);
    }
    return check(root);
  });
}

function yarnInstall(root: string) {
  execFileSync('yarn', ['install'], {
    cwd: root,
    stdio: 'inherit',
    timeout: INSTALL_TIMEOUT_MS,
  });
}

/** Writes the root resolutions and every workspace manifest's @backstage/* ranges for the chosen versions. */
function writeManifests(
  root: string,
  chosen: Map<string, { version: string }>,
  resolutions: Map<string, string>,
) {
  const rootPkg = readJson(join(root, 'package.json'));
  const others = Object.entries<string>(rootPkg.resolutions ?? {}).filter(
    ([name]) => !isBackstage(name),
  );
  rootPkg.resolutions = Object.fromEntries([
    ...others,
    ...[...resolutions].sort(([a], [b]) => a.localeCompare(b)),
  ]);
  writeJson(join(root, 'package.json'), rootPkg);
  for (const manifest of workspaceManifests(root)) {
    const file = join(root, manifest);
    const pkg = readJson(file);
    let changed = false;
    for (const field of DEP_FIELDS) {
      for (const [name, range] of Object.entries<string>(pkg[field] ?? {})) {
        if (!isBackstage(name) || !chosen.has(name)) continue;
        const next = moveRange(
          range,
          chosen.get(name)!.version,
          resolutions.get(name)!,
        );
        if (next !== range) {
          pkg[field][name] = next;
          changed = true;
        }
      }
    }
    if (changed) writeJson(file, pkg);
  }
}

try {
  const opts = parseArgs(process.argv.slice(2));
  process.exitCode = opts.check ? check(opts.root) : await upgrade(opts);
} catch (error) {
  log(`upgrade-backstage: ${(error as Error).message}`);
  process.exitCode = 2;
}
