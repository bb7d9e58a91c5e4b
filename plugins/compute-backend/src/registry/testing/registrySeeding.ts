/*
 * Seeds images into a registry started by `registryServer.ts`, through the registry's own HTTP API: blobs
 * uploaded, a manifest put under each tag, a token fetched from the registry's realm when it asks for one.
 *
 * Self-contained on purpose: only `node:` imports and erasable TypeScript syntax, so the node:test integration
 * tests (Node 22 type stripping) can import it directly as well as Jest.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

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

function sha256(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
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

/** `seedImage` for the registry at `url`. */
export function createSeeder(options: {
  url: string;
  /** Credentials presented to the token realm (needs push and pull). */
  credentials?: { username: string; password: string };
  requestTimeoutMs: number;
  /** The registry log's last lines, for failure messages. */
  logTail: (lines?: number) => string;
}): (
  name: string,
  tags: string[],
  seedOptions?: SeedImageOptions,
) => Promise<SeededImage> {
  const { url, requestTimeoutMs, logTail } = options;
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
      if (options.credentials) {
        const { username, password } = options.credentials;
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
  return seedImage;
}
