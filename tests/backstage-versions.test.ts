/**
 * scripts/upgrade-backstage.sh --check: the repository agrees with one Backstage release, and the check fails,
 * naming the package, on a copy of the manifests (and yarn.lock) where one workspace or the lockfile pins
 * another version of one @backstage package. Offline, no install: a few seconds.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { countReleases } from '../scripts/lib/backstageRelease.ts';
import {
  backstageDeclarations,
  readRelease,
  workspaceManifests,
} from '../scripts/lib/backstageVersions.ts';
import { ROOT } from './lib/paths.ts';

const TIMEOUT_MS = 60_000;
const ENTRY = join(ROOT, 'scripts/lib/upgradeBackstage.ts');

function runCheck(root?: string) {
  const args = root
    ? [ENTRY, '--check', '--root', root]
    : [join(ROOT, 'scripts/upgrade-backstage.sh'), '--check'];
  const res = spawnSync(root ? process.execPath : 'bash', args, {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
  });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

/** A copy of everything the check reads: the manifests, backstage.json, yarn.lock and the Yarn patches. */
function copyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-backstage-versions-'));
  for (const file of [
    ...workspaceManifests(ROOT),
    'backstage.json',
    'yarn.lock',
  ]) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  cpSync(join(ROOT, '.yarn/patches'), join(dir, '.yarn/patches'), {
    recursive: true,
  });
  return dir;
}

/** Another version than `version`: its patch number plus one. */
const otherVersion = (version: string) =>
  version.replace(/(\d+)$/, n => String(Number(n) + 1));

describe('Backstage versions (scripts/upgrade-backstage.sh --check)', () => {
  let copy: string;
  before(() => {
    copy = copyRepo();
  });
  after(() => rmSync(copy, { recursive: true, force: true }));

  test('the repository agrees with one release', () => {
    const { status, output } = runCheck();
    assert.equal(status, 0, output);
    assert.match(output, /Backstage versions agree: release \d+\.\d+\.\d+/);
  });

  test('a workspace pinning another version of one package fails, naming it', () => {
    // A workspace package (not the root) that declares @backstage/catalog-model with a caret range.
    const [manifest, field, name, range] = backstageDeclarations(copy).find(
      ([m, , n, r]) =>
        m !== 'package.json' &&
        n === '@backstage/catalog-model' &&
        r.startsWith('^'),
    )!;
    const file = join(copy, manifest);
    const original = readFileSync(file, 'utf8');
    const pkg = JSON.parse(original);
    const wrong = `^${otherVersion(range.slice(1))}`;
    pkg[field][name] = wrong;
    writeFileSync(file, JSON.stringify(pkg, null, 2));
    try {
      const { status, output } = runCheck(copy);
      assert.equal(status, 1, output);
      assert.ok(
        output.includes(`${manifest}: ${field} ${name} is '${wrong}'`),
        output,
      );
    } finally {
      writeFileSync(file, original);
    }
    assert.equal(runCheck(copy).status, 0, 'the copy agrees once restored');
  });

  test('yarn.lock resolving another version of one package fails, naming it', () => {
    const name = '@backstage/errors';
    const pinned = readRelease(copy).pins.get(name)!.version;
    const lockFile = join(copy, 'yarn.lock');
    const original = readFileSync(lockFile, 'utf8');
    const header = `"${name}@npm:${pinned}`;
    const start = original.indexOf(`\n${header}`);
    assert.ok(start >= 0, `yarn.lock has no entry ${header}`);
    const wrong = otherVersion(pinned);
    const changed =
      original.slice(0, start) +
      original.slice(start).replace(`version: ${pinned}`, `version: ${wrong}`);
    writeFileSync(lockFile, changed);
    try {
      const { status, output } = runCheck(copy);
      assert.equal(status, 1, output);
      assert.ok(
        output.includes(`yarn.lock: ${name} resolves to`) &&
          output.includes(wrong),
        output,
      );
    } finally {
      writeFileSync(lockFile, original);
    }
  });
});

describe('release counting from a CHANGELOG (scripts/lib/backstageRelease.ts)', () => {
  const changelog = [
    '# @backstage/example',
    '## 4.0.5',
    '## 4.0.3',
    '## 4.0.3-next.1',
    '## 4.0.3-next.0',
    '## 4.0.2',
    '## 4.0.1',
    '## 4.0.1-next.0',
    '## 4.0.0',
  ].join('\n\n');

  test('each run of -next headings is a main release; later stable ones are patches', () => {
    assert.deepEqual(countReleases(changelog, '4.0.0', '4.0.5'), {
      mains: 2,
      patches: 1,
    });
    assert.deepEqual(countReleases(changelog, '4.0.0', '4.0.1'), {
      mains: 1,
      patches: 0,
    });
    assert.equal(countReleases(changelog, '3.9.0', '4.0.5'), undefined);
  });
});
