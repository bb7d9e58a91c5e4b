import type { CacheService } from '@backstage/backend-plugin-api';

/**
 * What the gateway knows of the catalog's current state, kept in the cache service so that every replica sees
 * the same: the latest etag of each entity, and a token per owner that changes whenever an entity it owns
 * appears, changes or goes away. The change watcher writes them; the response cache compares an answer's
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

  async setEntityEtag(ref: string, etag: string): Promise<void> {
    await this.cache.set(`etag:${ref}`, etag, { ttl: this.ttlMs });
  }

  async touchOwned(ownerRef: string, token: string): Promise<void> {
    await this.cache.set(`owned:${ownerRef}`, token, { ttl: this.ttlMs });
  }
}
