import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { parse } from 'yaml';

/** Seed of the registry simulator: repositories (names without the registry host) and their tags. */
export interface RegistrySeed {
  /** The host the repositories live under, e.g. `registry.larkspur.example` (informational). */
  host?: string;
  repositories: Array<{ name: string; tags: string[] }>;
}

export function loadRegistrySeed(file: string): RegistrySeed {
  const seed = parse(fs.readFileSync(file, 'utf8')) as RegistrySeed;
  if (!seed || !Array.isArray(seed.repositories))
    throw new Error(`${file}: expected a "repositories" list`);
  return seed;
}

const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';
const sha256 = (text: string) =>
  `sha256:${createHash('sha256').update(text).digest('hex')}`;

interface RegistryError {
  code: string;
  message: string;
  detail?: unknown;
}

function send(
  res: http.ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
  head = false,
) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Docker-Distribution-API-Version': 'registry/2.0',
    ...headers,
  });
  res.end(head ? undefined : text);
}

const errors = (...list: RegistryError[]) => ({ errors: list });

const nameUnknown = (res: http.ServerResponse, name: string, head: boolean) =>
  send(
    res,
    404,
    errors({
      code: 'NAME_UNKNOWN',
      message: 'repository name not known to registry',
      detail: { name },
    }),
    {},
    head,
  );

/** A percent-decoded path part, or undefined for one that is not valid percent-encoding (e.g. a lone surrogate). */
function decodePart(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** 400 NAME_INVALID, as Docker's registry answers a name it cannot read. */
const nameInvalid = (res: http.ServerResponse, text: string, head: boolean) =>
  send(
    res,
    400,
    errors({
      code: 'NAME_INVALID',
      message: 'invalid repository name or reference: bad percent-encoding',
      detail: { name: text },
    }),
    {},
    head,
  );

/** The `Link` header to the page after `last`, when there is one. */
const nextPage = (path: string, url: URL, last: string | undefined) =>
  last === undefined
    ? undefined
    : {
        Link: `<${path}?n=${url.searchParams.get(
          'n',
        )}&last=${encodeURIComponent(last)}>; rel="next"`,
      };

/** Pages a sorted list with the registry's `n` and `last` parameters. */
function page(all: string[], url: URL): { items: string[]; next?: string } {
  const sorted = [...all].sort();
  const last = url.searchParams.get('last');
  const n = url.searchParams.get('n');
  let items = last ? sorted.filter(x => x > last) : sorted;
  if (n !== null && Number(n) >= 0 && items.length > Number(n)) {
    items = items.slice(0, Number(n));
    return { items, next: items[items.length - 1] };
  }
  return { items };
}

/**
 * A registry simulator: the read paths of the Docker Registry HTTP API v2 (`/v2/`, `/v2/_catalog`,
 * `/v2/<name>/tags/list`, `/v2/<name>/manifests/<reference>`) over a seed. Paths are relative to the
 * registry root; `basePath` is what the `Link` header's next page starts with (e.g. a mount prefix).
 */
export function createRegistrySimulator(
  seed: RegistrySeed,
  options: {
    basePath?: string;
    /** When set, every request needs `Authorization: Bearer <token>` (a registry's static-token mode). */
    token?: string;
  } = {},
) {
  const repositories = new Map(
    seed.repositories.map(r => [r.name, [...new Set(r.tags.map(String))]]),
  );
  const base = (options.basePath ?? '').replace(/\/$/, '');

  const manifestOf = (name: string, tag: string) => {
    const config = JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { 'org.opencontainers.image.version': tag } },
      rootfs: { type: 'layers', diff_ids: [] },
    });
    const layer = sha256(`${name}:${tag}:layer`);
    return JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(config),
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
          digest: layer,
          size: 1024 + (parseInt(layer.slice(7, 12), 16) % 50_000_000),
        },
      ],
      annotations: {
        'org.opencontainers.image.ref.name': tag,
        'org.opencontainers.image.source': `kube-simulator registry: ${name}`,
      },
    });
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://registry');
    const method = (req.method ?? 'GET').toUpperCase();
    const head = method === 'HEAD';
    if (method !== 'GET' && !head) {
      send(
        res,
        405,
        errors({
          code: 'UNSUPPORTED',
          message:
            'The operation is unsupported (registry simulator is read-only).',
        }),
      );
      return;
    }
    if (
      options.token !== undefined &&
      req.headers.authorization !== `Bearer ${options.token}`
    ) {
      send(
        res,
        401,
        errors({
          code: 'UNAUTHORIZED',
          message: 'authentication required (registry simulator)',
        }),
        { 'WWW-Authenticate': 'Bearer realm="kube-simulator"' },
        head,
      );
      return;
    }
    const path = url.pathname;
    if (path === '/v2/' || path === '/v2') {
      send(res, 200, {}, {}, head);
      return;
    }
    if (path === '/v2/_catalog') {
      const { items, next } = page([...repositories.keys()], url);
      const link = nextPage(`${base}/v2/_catalog`, url, next);
      send(res, 200, { repositories: items }, link, head);
      return;
    }
    const tags = /^\/v2\/(.+)\/tags\/list$/.exec(path);
    if (tags) {
      const name = decodePart(tags[1]);
      if (name === undefined) {
        nameInvalid(res, tags[1], head);
        return;
      }
      const all = repositories.get(name);
      if (!all) {
        nameUnknown(res, name, head);
        return;
      }
      const { items, next } = page(all, url);
      const link = nextPage(`${base}/v2/${name}/tags/list`, url, next);
      send(res, 200, { name, tags: items }, link, head);
      return;
    }
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(path);
    if (manifest) {
      const name = decodePart(manifest[1]);
      const reference = decodePart(manifest[2]);
      if (name === undefined || reference === undefined) {
        nameInvalid(res, `${manifest[1]}/${manifest[2]}`, head);
        return;
      }
      const all = repositories.get(name);
      if (!all) {
        nameUnknown(res, name, head);
        return;
      }
      const tag = reference.startsWith('sha256:')
        ? all.find(t => sha256(manifestOf(name, t)) === reference)
        : all.find(t => t === reference);
      if (!tag) {
        send(
          res,
          404,
          errors({
            code: 'MANIFEST_UNKNOWN',
            message: 'manifest unknown',
            detail: {
              name,
              [reference.startsWith('sha256:') ? 'digest' : 'tag']: reference,
            },
          }),
          {},
          head,
        );
        return;
      }
      const body = manifestOf(name, tag);
      res.writeHead(200, {
        'Content-Type': MANIFEST_TYPE,
        'Content-Length': Buffer.byteLength(body),
        'Docker-Content-Digest': sha256(body),
        'Docker-Distribution-API-Version': 'registry/2.0',
        ETag: `"${sha256(body)}"`,
      });
      res.end(head ? undefined : body);
      return;
    }
    send(
      res,
      404,
      errors({ code: 'NOT_FOUND', message: 'not found (registry simulator)' }),
      {},
      head,
    );
  };

  return { handler, repositories: () => [...repositories.keys()].sort() };
}
