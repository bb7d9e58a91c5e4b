// The production image: the Dockerfile built with Debian's buildah on a base made from Debian's packages
// (debootstrap) and the npm registry's node@22, since no registry image can be pulled here; then the container
// started against a real PostgreSQL on loopback. It must answer its health check, serve the frontend with the
// build's precompressed files, and run as uid 1000. Prints the image's size and the build and start times.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  createBuildah,
  importBase,
  processInfo,
  type Buildah,
} from './lib/image.ts';
import { startPostgres, type Postgres } from './lib/postgres.ts';
import { artifactDir, ROOT } from './lib/paths.ts';
import {
  freePort,
  run,
  startProcess,
  waitFor,
  type RunningProcess,
} from './lib/proc.ts';

const BASE = 'localhost/atrium-test-base:latest';
const IMAGE = 'localhost/atrium:test';

/** Runs a function of scripts/lib (with env.sh, backend.sh and image.sh sourced) and returns its output. */
function shell(fn: string, timeoutMs: number): Promise<string> {
  const script = `set -e; source scripts/lib/env.sh; atrium_env >&2; source scripts/lib/backend.sh; source scripts/lib/image.sh; ${fn}`;
  return run(
    'timeout',
    ['--kill-after=10', String(timeoutMs / 1000), 'bash', '-c', script],
    { cwd: ROOT },
  );
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

describe(
  'the production image (Dockerfile, buildah)',
  { timeout: 1_500_000 },
  () => {
    let buildah: Buildah;
    let pg: Postgres;
    let container: RunningProcess | undefined;
    let baseUrl = '';
    const figures: Record<string, string> = {};

    before(async () => {
      buildah = createBuildah();
      let t = Date.now();
      await shell('ensure_production_build', 900_000);
      figures['production build (skipped when up to date)'] = seconds(
        Date.now() - t,
      );
      t = Date.now();
      const baseTar = (await shell('ensure_image_base', 900_000))
        .trim()
        .split('\n')
        .pop()!;
      await importBase(buildah, baseTar, BASE);
      figures['test base (debootstrap, cached in .tools/image/) and import'] =
        seconds(Date.now() - t);

      t = Date.now();
      // The host's Yarn cache, mounted where Yarn looks in the build stage, so the install needs no download.
      const yarnCache = (await shell('yarn config get cacheFolder', 60_000))
        .trim()
        .split('\n')
        .pop()!;
      const log = await buildah.exec(
        [
          'bud',
          '--isolation',
          'chroot',
          '--layers=false',
          '--build-arg',
          `BASE_IMAGE=${BASE}`,
          '--volume',
          `${yarnCache}:/root/.yarn/berry/cache`,
          '--tag',
          IMAGE,
          ROOT,
        ],
        900_000,
      );
      figures['image build (buildah bud, vfs)'] = seconds(Date.now() - t);
      assert.match(log, /Successfully tagged/);
      pg = await startPostgres();
    });

    after(async () => {
      await container?.stop();
      await buildah?.destroy();
      await pg?.stop();
      for (const [what, value] of Object.entries(figures)) {
        // eslint-disable-next-line no-console
        console.log(`image: ${what}: ${value}`);
      }
    });

    it('starts as uid 1000 and answers its readiness check', async () => {
      const name = `atrium-test-${process.pid}`;
      await buildah.exec(['from', '--name', name, IMAGE], 300_000);
      const config = JSON.parse(
        await buildah.exec(['inspect', '--type', 'image', IMAGE], 60_000),
      ).OCIv1.config;
      assert.equal(config.User, '1000:1000');
      assert.equal(config.WorkingDir, '/app');

      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      const env = {
        POSTGRES_HOST: pg.host,
        POSTGRES_PORT: String(pg.port),
        POSTGRES_USER: pg.user,
        POSTGRES_PASSWORD: pg.password,
        AUTH_SESSION_SECRET: 'image-test-session-secret',
        // Sign-in is not tried here: the provider must be configured to start, never asked.
        OIDC_METADATA_URL:
          'http://127.0.0.1:9/.well-known/openid-configuration',
        OIDC_CLIENT_ID: 'atrium',
        OIDC_CLIENT_SECRET: 'unused',
        ATRIUM_HOST: '127.0.0.1',
        ATRIUM_PORT: String(port),
        ATRIUM_BASE_URL: baseUrl,
      };
      // chroot isolation shares the host's network namespace: the backend listens on loopback only.
      const started = Date.now();
      container = startProcess(
        'buildah',
        [
          ...buildah.storageArgs,
          'run',
          '--isolation',
          'chroot',
          ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
          name,
          '--',
          ...config.Cmd,
        ],
        { logFile: join(artifactDir('logs'), 'image-container.log') },
      );
      // Ready, or the container's exit (waitFor would keep polling through it).
      const exited = container.exited.then(code => {
        throw new Error(
          `the container exited (${code}):\n${container!.tail()}`,
        );
      });
      exited.catch(() => undefined);
      await Promise.race([
        exited,
        waitFor(
          'the container to be ready',
          async () => {
            const res = await fetch(
              `${baseUrl}/.backstage/health/v1/readiness`,
            );
            return res.ok ? true : undefined;
          },
          { timeoutMs: 300_000, onTimeout: () => container!.tail() },
        ),
      ]);
      figures['cold start to ready (fresh database)'] = seconds(
        Date.now() - started,
      );

      // The process listening on the port (iproute2's ss names it): the image's command, as uid 1000.
      const listeners = await run('ss', ['-ltnpH', `sport = :${port}`]);
      const pid = Number(listeners.match(/pid=(\d+)/)?.[1]);
      assert.ok(pid, `a process listens on ${port}: ${listeners}`);
      const backend = processInfo(pid);
      assert.deepEqual(backend.argv.slice(1, 2), ['packages/backend']);
      assert.equal(backend.uid, 1000);
    });

    it('serves the frontend with the precompressed files of the build', async () => {
      const index = await fetch(`${baseUrl}/`);
      assert.equal(index.status, 200);
      const html = await index.text();
      assert.match(html, /<title>Atrium<\/title>/);
      const script = html.match(/src="(\/static\/[^"]+\.js)"/)?.[1];
      assert.ok(script, 'index.html loads a script from /static');
      const js = await fetch(`${baseUrl}${script}`, {
        headers: { 'accept-encoding': 'br' },
      });
      assert.equal(js.status, 200);
      assert.equal(js.headers.get('content-encoding'), 'br');
      // Every variant came from the build step; none was made at startup.
      assert.match(
        container!.tail(400),
        /variants from the build step, 0 made now/,
      );
    });

    it('reports the image size', async () => {
      const size = (image: string) =>
        buildah
          .exec(['images', '--format', '{{.Size}}', image], 60_000)
          .then(s => s.trim());
      figures['image size'] = await size(IMAGE);
      figures['base size'] = await size(BASE);
      assert.ok(figures['image size']);
    });
  },
);
