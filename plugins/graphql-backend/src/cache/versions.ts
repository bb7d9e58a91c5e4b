import type { CacheService } from '@backstage/backend-plugin-api';

/**
 * What the gateway knows of the catalog's current state, kept in the cache service so that every replica sees
 * the same: the latest etag of each entity, a token per owner that changes whenever an entity it owns
 * appears, changes or goes away, and a token per kind (and one for the whole catalog, kind `*`) that changes
 * whenever an entity of that kind does: what a list (`catalog`) depends on. The change watcher writes them; the response cache compares an answer's
 * recorded versions with them.
 */
export class CatalogVersions {
  constructor(
    private readonly cache: CacheService,
    private readonly ttlMs: number,
  ) {}

  async entityEtag(ref: string): Promise<string | undefined> {
    const value = await this.cache.get(`etag:${ref}`);
    return typeof value === 'string' ? value : undefined;
  }

  async ownedToken(ownerRef: string): Promise<string> {
    const value = await this.cache.get(`owned:${ownerRef}`);
    return typeof value === 'string' ? value : '0';
  }

  async kindToken(kind: string): Promise<string> {
    const value = await this.cache.get(
      `kind:${kind.toLocaleLowerCase('en-US')}`,
    );
    return typeof value === 'string' ? value : '0';
  }

  async touchKind(kind: string, token: string): Promise<void> {
    await this.cache.set(`kind:${kind.toLocaleLowerCase('en-US')}`, token, {
      ttl: this.ttlMs,
    });
  }

  async setEntityEtag(ref: string, etag: string): Promise<void> {
    await this.cache.set(`etag:${ref}`, etag, { ttl: this.ttlMs });
  }

  async touchOwned(ownerRef: string, token: string): Promise<void> {
    await this.cache.set(`owned:${ownerRef}`, token, { ttl: this.ttlMs });
  }
}
