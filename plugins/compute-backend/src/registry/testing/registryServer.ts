/*
 * Starts Debian's real Docker registry (`/usr/bin/docker-registry`, github.com/docker/distribution) on a spare
 * loopback port for tests, seeds images through the registry's own HTTP API, and stops it.
 *
 * Self-contained on purpose: only `node:` imports and erasable TypeScript syntax, so the node:test integration
 * tests (Node 22 type stripping) can import this file directly as well as Jest.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  constants as fsConstants,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const DOCKER_REGISTRY_BINARY = '/usr/bin/docker-registry';

export const MEDIA_TYPES = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList:
    'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

/** The registry's `auth.token` section: it trusts JWTs signed by a key whose certificate is in `rootCertBundle`. */
export interface RegistryTokenAuth {
  realm: string;
  service: string;
  issuer: string;
  /** Path to a PEM file with the certificate(s) of the token signer. */
  rootCertBundle: string;
}

export interface StartRegistryOptions {
  /** Run the registry with token auth (`auth.token`); without it the registry is anonymous read/write. */
  tokenAuth?: RegistryTokenAuth;
  /** Credentials that `seedImage` presents to the token realm (needs push and pull). */
  seedCredentials?: { username: string; password: string };
  /** How long to wait for `GET /v2/` to answer after start. Default 20 s. */
  startTimeoutMs?: number;
  /** Timeout of each HTTP request the helper makes. Default 10 s. */
  requestTimeoutMs?: number;
  /** The registry binary; default `/usr/bin/docker-registry`. */
  binary?: string;
}

export interface SeedImageOptions {
  /** Manifest flavour: OCI image manifest (default) or Docker v2 schema 2. */
  format?: 'oci' | 'docker';
}

export interface SeededImage {
  /** Repository name inside the registry (`team/app`). */
  name: string;
  tags: string[];
  /** Digest of the manifest that every seeded tag points at. */
  manifestDigest: string;
}

export interface RegistryServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** `127.0.0.1:<port>`, the host part of image references served by this registry. */
  readonly host: string;
  readonly port: number;
  /** Temporary directory with config.yml, the storage and registry.log. */
  readonly dir: string;
  /** Pushes one small image (config + layer blob) and points each tag at its manifest, over the HTTP API. */
  seedImage(
    name: string,
    tags: string[],
    options?: SeedImageOptions,
  ): Promise<SeededImage>;
  /** The last lines of the registry's log (for failure messages). */
  logTail(lines?: number): string;
  /** Stops the registry (SIGTERM, then SIGKILL after 5 s). Idempotent. `keepData` leaves the temp dir. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** Throws a clear error when Debian's docker-registry is not installed. Returns the binary path. */
export function requireRegistryBinary(
  binary: string = DOCKER_REGISTRY_BINARY,
): string {
  try {
    accessSync(binary, fsConstants.X_OK);
  } catch {
    throw new Error(
      `${binary} not found or not executable. The artifact registry tests need the real registry: ` +
        'install the Debian package `docker-registry` (apt-get install docker-registry; ' +
        'scripts/lib/services.sh ensure_debian_packages does it).',
    );
  }
  return binary;
}

/** A port that was free on 127.0.0.1 a moment ago. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() =>
        port ? resolve(port) : reject(new Error('no port assigned')),
      );
    });
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function registryConfigYaml(
  port: number,
  storageDir: string,
  tokenAuth: RegistryTokenAuth | undefined,
): string {
  // JSON is YAML: quoting every value keeps paths and URLs safe.
  const q = (value: string) => JSON.stringify(value);
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${q(storageDir)}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: ${q(`127.0.0.1:${port}`)}`,
    `  secret: ${q(randomBytes(16).toString('hex'))}`,
  ];
  if (tokenAuth) {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${q(tokenAuth.realm)}`,
      `    service: ${q(tokenAuth.service)}`,
      `    issuer: ${q(tokenAuth.issuer)}`,
      `    rootcertbundle: ${q(tokenAuth.rootCertBundle)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Parses `Bearer realm="…",service="…",scope="…"`. */
function parseBearerChallenge(
  header: string | null,
): Record<string, string> | undefined {
  if (!header || !/^\s*bearer\s/i.test(header)) return undefined;
  const params: Record<string, string> = {};
  const re = /([a-zA-Z_]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const m of header.replace(/^\s*bearer\s+/i, '').matchAll(re)) {
    params[m[1].toLowerCase()] =
      m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return params;
}

/** Starts `docker-registry serve <config.yml>` on a spare loopback port and waits until `GET /v2/` answers. */
export async function startRegistry(
  options: StartRegistryOptions = {},
): Promise<RegistryServer> {
  const binary = requireRegistryBinary(options.binary);
  const startTimeoutMs = options.startTimeoutMs ?? 20_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'atrium-registry-'));
  const port = await freeLoopbackPort();
  const host = `127.0.0.1:${port}`;
  const url = `http://${host}`;
  const configFile = join(dir, 'config.yml');
  writeFileSync(
    configFile,
    registryConfigYaml(port, join(dir, 'storage'), options.tokenAuth),
  );
  const logFile = join(dir, 'registry.log');
  const logFd = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(binary, ['serve', configFile], {
      stdio: ['ignore', logFd, logFd],
      // Keep REGISTRY_* variables of the caller's environment out of the registry's configuration.
      env: Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')),
      ),
    });
  } finally {
    closeSync(logFd);
  }
  let exited:
    | { code: number | null; signal: NodeJS.Signals | null }
    | undefined;
  const exitPromise = new Promise<void>(resolve => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', error => {
      exited = exited ?? { code: null, signal: null };
      writeFileSync(logFile, `spawn error: ${String(error)}\n`, { flag: 'a' });
      resolve();
    });
  });

  const logTail = (lines = 20) => {
    try {
      return readFileSync(logFile, 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  };

  let stopped = false;
  const stop = async (stopOptions: { keepData?: boolean } = {}) => {
    if (!stopped) {
      stopped = true;
      if (!exited) {
        child.kill('SIGTERM');
        await Promise.race([exitPromise, sleep(5_000)]);
        if (!exited) {
          child.kill('SIGKILL');
          await Promise.race([exitPromise, sleep(2_000)]);
        }
      }
    }
    if (!stopOptions.keepData) rmSync(dir, { recursive: true, force: true });
  };

  // Health check: the registry answers GET /v2/ with 200 (anonymous) or 401 (auth configured) once it listens.
  const deadline = Date.now() + startTimeoutMs;
  let ready = false;
  let lastError = '';
  for (let attempt = 0; attempt < 400 && Date.now() < deadline; attempt++) {
    if (exited) break;
    try {
      const res = await fetch(`${url}/v2/`, {
        signal: AbortSignal.timeout(Math.min(2_000, requestTimeoutMs)),
      });
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 401) {
        ready = true;
        break;
      }
      lastError = `GET /v2/ answered ${res.status}`;
    } catch (error) {
      lastError = String((error as Error)?.cause ?? error);
    }
    await sleep(100);
  }
  if (!ready) {
    const why = exited
      ? `exited (code ${exited.code}, signal ${exited.signal})`
      : `did not answer GET ${url}/v2/ within ${startTimeoutMs} ms (${lastError})`;
    const tail = logTail();
    await stop();
    throw new Error(`docker-registry ${why}. Log:\n${tail}`);
  }

  // Bearer tokens for seeding, by scope.
  const tokens = new Map<string, string>();
  const request = async (
    target: string,
    init: RequestInit & { headers?: Record<string, string> },
    scope: string,
  ): Promise<Response> => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const headers: Record<string, string> = { ...init.headers };
      const token = tokens.get(scope);
      if (token) headers.Authorization = `Bearer ${token}`;
      const res = await fetch(target, {
        ...init,
        headers,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      const challenge = parseBearerChallenge(
        res.headers.get('www-authenticate'),
      );
      if (res.status !== 401 || !challenge?.realm || attempt > 0) return res;
      await res.arrayBuffer();
      const tokenUrl = new URL(challenge.realm);
      if (challenge.service)
        tokenUrl.searchParams.set('service', challenge.service);
      tokenUrl.searchParams.set('scope', scope);
      const tokenHeaders: Record<string, string> = {};
      if (options.seedCredentials) {
        const { username, password } = options.seedCredentials;
        tokenHeaders.Authorization = `Basic ${Buffer.from(
          `${username}:${password}`,
        ).toString('base64')}`;
      }
      const tokenRes = await fetch(tokenUrl, {
        headers: tokenHeaders,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      if (!tokenRes.ok) {
        throw new Error(
          `seeding: token realm ${tokenUrl.origin} answered ${
            tokenRes.status
          }: ${await tokenRes.text()}`,
        );
      }
      const body = (await tokenRes.json()) as {
        token?: string;
        access_token?: string;
      };
      const issued = body.token ?? body.access_token;
      if (!issued) throw new Error('seeding: token realm returned no token');
      tokens.set(scope, issued);
    }
    throw new Error('unreachable');
  };

  const expect = async (res: Response, what: string, status: number) => {
    if (res.status !== status) {
      throw new Error(
        `seeding: ${what} answered ${
          res.status
        } (expected ${status}): ${await res.text()}\n${logTail(5)}`,
      );
    }
  };

  const uploadBlob = async (name: string, scope: string, data: Buffer) => {
    const digest = sha256(data);
    const start = await request(
      `${url}/v2/${name}/blobs/uploads/`,
      { method: 'POST' },
      scope,
    );
    await expect(start, `POST /v2/${name}/blobs/uploads/`, 202);
    await start.arrayBuffer();
    const location = start.headers.get('location');
    if (!location)
      throw new Error('seeding: upload start returned no Location');
    const target = new URL(location, url);
    target.searchParams.set('digest', digest);
    const put = await request(
      target.toString(),
      {
        method: 'PUT',
        headers: {
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(data.length),
        },
        body: data,
      },
      scope,
    );
    await expect(put, `PUT blob ${digest}`, 201);
    await put.arrayBuffer();
    return { digest, size: data.length };
  };

  const seedImage = async (
    name: string,
    tags: string[],
    seedOptions: SeedImageOptions = {},
  ): Promise<SeededImage> => {
    const format = seedOptions.format ?? 'oci';
    const scope = `repository:${name}:pull,push`;
    const configBlob = Buffer.from(
      JSON.stringify({
        architecture: 'amd64',
        os: 'linux',
        config: { Labels: { 'org.opencontainers.image.title': name } },
        rootfs: { type: 'layers', diff_ids: [] as string[] },
        history: [{ created_by: 'atrium registry test helper' }],
      }),
    );
    const layerBlob = gzipSync(Buffer.from(`atrium test layer for ${name}\n`));
    const config = await uploadBlob(name, scope, configBlob);
    const layer = await uploadBlob(name, scope, layerBlob);
    const manifestMediaType =
      format === 'oci' ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest;
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: manifestMediaType,
        config: {
          mediaType:
            format === 'oci' ? MEDIA_TYPES.ociConfig : MEDIA_TYPES.dockerConfig,
          digest: config.digest,
          size: config.size,
        },
        layers: [
          {
            mediaType:
              format === 'oci' ? MEDIA_TYPES.ociLayer : MEDIA_TYPES.dockerLayer,
            digest: layer.digest,
            size: layer.size,
          },
        ],
      }),
    );
    const manifestDigest = sha256(manifest);
    for (const tag of tags) {
      const res = await request(
        `${url}/v2/${name}/manifests/${encodeURIComponent(tag)}`,
        {
          method: 'PUT',
          headers: { 'Content-Type': manifestMediaType },
          body: manifest,
        },
        scope,
      );
      await expect(res, `PUT /v2/${name}/manifests/${tag}`, 201);
      await res.arrayBuffer();
    }
    return { name, tags: [...tags], manifestDigest };
  };

  return { url, host, port, dir, seedImage, logTail, stop };
}
