import type { Config } from '@backstage/config';

/** How Atrium authenticates to a registry. */
export type RegistryAuth =
  | { type: 'none' }
  | { type: 'basic'; username: string; password: string }
  | { type: 'bearer'; token: string };

/** One entry of `compute.registries`. */
export interface RegistryConfig {
  /** `host[:port]` as it appears in image references, lower-cased. */
  host: string;
  /** Base URL of the registry API (without `/v2/`), no trailing slash. Default `https://<host>`. */
  url: string;
  auth: RegistryAuth;
  /** Timeout of each HTTP request to this registry (and its token service), in milliseconds. */
  timeoutMs: number;
}

export const DEFAULT_REGISTRY_TIMEOUT_MS = 5_000;

const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/;

function readAuth(entry: Config, where: string): RegistryAuth {
  const auth = entry.getOptionalConfig('auth');
  if (!auth) return { type: 'none' };
  const type = auth.getString('type');
  switch (type) {
    case 'none':
      return { type: 'none' };
    case 'basic':
      return {
        type: 'basic',
        username: auth.getString('username'),
        password: auth.getString('password'),
      };
    case 'bearer':
      return { type: 'bearer', token: auth.getString('token') };
    default:
      throw new Error(
        `Invalid ${where}.auth.type "${type}": expected none, basic or bearer`,
      );
  }
}

/**
 * Reads `compute.registries` from the root config: which registry serves images of which host, and how to
 * authenticate to it. Throws on invalid entries (bad host or URL, unknown auth type, duplicate host).
 */
export function readRegistryConfig(config: Config): RegistryConfig[] {
  const entries = config.getOptionalConfigArray('compute.registries') ?? [];
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const where = `compute.registries[${index}]`;
    const host = entry.getString('host').trim().toLowerCase();
    if (!HOST.test(host)) {
      throw new Error(
        `Invalid ${where}.host "${host}": expected host[:port] as in image references, without scheme or path`,
      );
    }
    if (seen.has(host)) {
      throw new Error(
        `Duplicate registry host "${host}" in compute.registries`,
      );
    }
    seen.add(host);

    const rawUrl = entry.getOptionalString('url') ?? `https://${host}`;
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      throw new Error(`Invalid ${where}.url "${rawUrl}": not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(
        `Invalid ${where}.url "${rawUrl}": must be http or https`,
      );
    }
    if (url.username || url.password || url.search || url.hash) {
      throw new Error(
        `Invalid ${where}.url "${rawUrl}": no credentials, query or fragment (use ${where}.auth)`,
      );
    }

    const timeoutMs =
      entry.getOptionalNumber('timeoutMs') ?? DEFAULT_REGISTRY_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 300_000) {
      throw new Error(
        `Invalid ${where}.timeoutMs ${timeoutMs}: expected 1..300000`,
      );
    }

    return {
      host,
      url: `${url.origin}${url.pathname.replace(/\/+$/, '')}`,
      auth: readAuth(entry, where),
      timeoutMs,
    };
  });
}
