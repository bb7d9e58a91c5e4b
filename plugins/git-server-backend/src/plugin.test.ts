import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitServerPlugin } from './plugin';

/**
 * The git server in Backstage's test backend, with Debian's real git: repositories made through the API, pushed
 * to and cloned with the git binary over HTTP (git http-backend), read as raw files, deleted.
 */
describe('git server', () => {
  let backend: TestBackend;
  let base: string;
  let dir: string;

  const tokenOf = (subject: string) =>
    mockCredentials.service.token({
      onBehalfOf: mockCredentials.service(subject),
      targetPluginId: 'git-server',
    });
  // Asynchronous: the server answering git runs in this same process.
  const git = async (...args: string[]) =>
    (
      await promisify(execFile)(
        'git',
        ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
        { env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, timeout: 30_000 },
      )
    ).stdout;
  const remote = (name: string, password?: string) => {
    const url = new URL(`${base}/repos/${name}.git`);
    if (password) {
      url.username = 'x-access-token';
      url.password = encodeURIComponent(password);
    }
    return url.toString();
  };
  const create = (name: string, header: string | undefined) =>
    fetch(`${base}/repos`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(header ? { authorization: header } : {}),
      },
      body: JSON.stringify({ name }),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'git-server-test-'));
    backend = await startTestBackend({
      features: [
        gitServerPlugin,
        // A request without credentials has none, as in a real backend (the test backend's default is a user).
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.rootConfig.factory({
          data: {
            atrium: {
              gitServer: { enabled: true, dataDir: join(dir, 'repos') },
            },
          },
        }),
      ],
    });
    base = `http://localhost:${
      (backend.server.address() as AddressInfo).port
    }/api/git-server`;
  });
  afterAll(async () => {
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets only the scaffolder create repositories', async () => {
    expect((await create('nobody', undefined)).status).toBe(401);
    expect(
      (await create('alice', mockCredentials.user.header('user:default/alice')))
        .status,
    ).toBe(403);
    expect(
      (await create('catalog', `Bearer ${tokenOf('plugin:catalog')}`)).status,
    ).toBe(403);
    const res = await create('svc', `Bearer ${tokenOf('plugin:scaffolder')}`);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      name: 'svc',
      cloneUrl: `${base}/repos/svc.git`,
      repoContentsUrl: `${base}/raw/svc/main`,
    });
    expect(
      (await create('svc', `Bearer ${tokenOf('plugin:scaffolder')}`)).status,
    ).toBe(409);
    expect(
      (await create('Bad_Name', `Bearer ${tokenOf('plugin:scaffolder')}`))
        .status,
    ).toBe(400);
  });

  it('takes pushes with the scaffolder token only, serves clones and raw files to anyone', async () => {
    const work = join(dir, 'work');
    await git('init', '--quiet', '--initial-branch=main', work);
    writeFileSync(join(work, 'catalog-info.yaml'), 'kind: Component\n');
    await git('-C', work, 'add', '.');
    await git('-C', work, 'commit', '--quiet', '-m', 'first');

    await expect(
      git('-C', work, 'push', remote('svc'), 'main'),
    ).rejects.toThrow(/401|Authentication failed|could not read Username/);
    await expect(
      git('-C', work, 'push', remote('svc', tokenOf('plugin:catalog')), 'main'),
    ).rejects.toThrow(/401|Authentication failed/);
    await git(
      '-C',
      work,
      'push',
      remote('svc', tokenOf('plugin:scaffolder')),
      'main',
    );

    const clone = join(dir, 'clone');
    await git('clone', '--quiet', remote('svc'), clone);
    expect(readFileSync(join(clone, 'catalog-info.yaml'), 'utf8')).toBe(
      'kind: Component\n',
    );

    const raw = await fetch(`${base}/raw/svc/main/catalog-info.yaml`);
    expect(raw.status).toBe(200);
    expect(await raw.text()).toBe('kind: Component\n');
    expect((await fetch(`${base}/raw/svc/main/missing.yaml`)).status).toBe(404);
    expect((await fetch(`${base}/raw/svc/main/a/../../x`)).status).not.toBe(
      200,
    );
    expect((await fetch(`${base}/raw/other/main/x`)).status).toBe(404);
    // Listing takes a signed-in user or a service.
    expect((await fetch(`${base}/repos`)).status).toBe(401);
    const list = await (
      await fetch(`${base}/repos`, {
        headers: { authorization: mockCredentials.user.header() },
      })
    ).json();
    expect(list.repos.map((r: { name: string }) => r.name)).toEqual(['svc']);
  });

  it('refuses a push without a writer token before saying whether the repository exists', async () => {
    const push = (name: string) =>
      fetch(`${base}/repos/${name}.git/info/refs?service=git-receive-pack`);
    expect((await push('svc')).status).toBe(401);
    expect((await push('never-made')).status).toBe(401);
    // A clone of what does not exist is a plain 404; git's dumb-protocol paths are not served.
    expect(
      (
        await fetch(
          `${base}/repos/never-made.git/info/refs?service=git-upload-pack`,
        )
      ).status,
    ).toBe(404);
    expect((await fetch(`${base}/repos/svc.git/HEAD`)).status).toBe(404);
  });

  it('deletes a repository for the scaffolder only; it is gone for git too', async () => {
    const del = (header: string) =>
      fetch(`${base}/repos/svc`, {
        method: 'DELETE',
        headers: { authorization: header },
      });
    expect((await del(`Bearer ${tokenOf('plugin:catalog')}`)).status).toBe(403);
    expect((await del(`Bearer ${tokenOf('plugin:scaffolder')}`)).status).toBe(
      204,
    );
    expect((await del(`Bearer ${tokenOf('plugin:scaffolder')}`)).status).toBe(
      404,
    );
    await expect(git('ls-remote', remote('svc'))).rejects.toThrow();
  });
});
