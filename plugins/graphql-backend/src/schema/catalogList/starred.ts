import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { createHash } from 'node:crypto';
import { normalizeRef } from '../../loaders';

/**
 * Where Backstage's starredEntitiesApi keeps a user's stars in the user-settings backend: its `starredEntities`
 * bucket of the frontend's user-settings storage, whose buckets the storage prefixes with its namespace
 * (`default`), so `default.starredEntities` on the backend.
 */
const BUCKET = 'default.starredEntities';
const KEY = 'entityRefs';

/**
 * The caller's starred entities, read from Backstage's user-settings backend with their own credentials (so
 * only their own), as normalized refs, sorted. None stored (404) is none starred.
 */
export class StarredEntities {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async refs(credentials: BackstageCredentials): Promise<string[]> {
    const { discovery, auth } = this.deps;
    const [base, { token }] = await Promise.all([
      discovery.getBaseUrl('user-settings'),
      auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'user-settings',
      }),
    ]);
    const res = await fetch(
      `${base}/buckets/${BUCKET}/keys/${encodeURIComponent(KEY)}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    if (res.status === 404) return [];
    if (!res.ok) throw await ResponseError.fromResponse(res);
    const { value } = (await res.json()) as { value?: unknown };
    const refs = new Set<string>();
    for (const ref of Array.isArray(value) ? value : []) {
      if (typeof ref !== 'string') continue;
      try {
        refs.add(normalizeRef(ref));
      } catch {
        // Not an entity ref: the frontend never stores one, and it stars nothing.
      }
    }
    return [...refs].sort();
  }
}

/** What a cached answer records of the starred entities it was made with. */
export function starredHash(refs: readonly string[]): string {
  return createHash('sha256').update(refs.join('\n')).digest('base64url');
}
