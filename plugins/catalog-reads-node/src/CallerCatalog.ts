import type {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import DataLoader from 'dataloader';
import { LRUCache } from 'lru-cache';

/** Most entries (caller and entity) kept; the least recently used go first. */
const MAX_ENTRIES = 5000;
/** Most refs in one read of the catalog. */
const MAX_BATCH = 100;

/** What the catalog answered for one caller and one ref: the entity, or none (absent, or not theirs to see). */
interface Answer {
  entity?: Entity;
}

interface Context {
  caller: string;
  ref: string;
  credentials: BackstageCredentials;
}

/**
 * Reads of the catalog on behalf of a caller, each answer remembered for a short while per caller.
 *
 * A plugin that shows only what the caller may see in the catalog (compute's workloads, the timeline) reads
 * the entity with the caller's credentials on every request. Asked afresh each time, that read costs a round
 * trip through the catalog and its permission check, which dominated those plugins' reads under load. So an
 * answer (the entity, or that there is none the caller may see) is kept for `ttlMs` under the caller and the
 * ref: the caller is the user with their ownership refs (what the catalog's permission rules look at, as the
 * gateway's response cache keys them) and the acting service, or the service itself. So one caller never gets
 * another's answer, and a change in the catalog or in someone's permissions shows at most `ttlMs` later. A
 * caller without an identity is never cached. `fresh` asks the catalog now (for writes), and refreshes the
 * entry.
 *
 * Concurrent reads of the same entry share one request (lru-cache's fetch), and the refs one caller asks for
 * in the same tick go to the catalog in one `getEntitiesByRefs` (DataLoader).
 */
export class CallerCatalog {
  private readonly cache?: LRUCache<string, Answer, Context>;
  /** One loader per caller for the refs asked in the current tick; dropped when it sends its batch. */
  private readonly loaders = new Map<string, DataLoader<string, Answer>>();

  constructor(
    private readonly catalog: Pick<CatalogService, 'getEntitiesByRefs'>,
    private readonly deps: {
      auth: Pick<AuthService, 'isPrincipal'>;
      userInfo: UserInfoService;
      /** How long an answer is kept; 0 asks the catalog every time. */
      ttlMs: number;
      /** The clock the entries age by (tests); performance.now by default. */
      now?: () => number;
    },
  ) {
    if (deps.ttlMs > 0) {
      this.cache = new LRUCache<string, Answer, Context>({
        max: MAX_ENTRIES,
        ttl: deps.ttlMs,
        // A clock of the tests' own is read at every check (no 1 ms resolution timer).
        ...(deps.now ? { perf: { now: deps.now }, ttlResolution: 0 } : {}),
        fetchMethod: (_key, _stale, { context }) =>
          this.loader(context.caller, context.credentials).load(context.ref),
      });
    }
  }

  /** The entity if the caller may see it, else undefined. */
  async getEntityByRef(
    entityRef: string,
    credentials: BackstageCredentials,
    options?: { fresh?: boolean },
  ): Promise<Entity | undefined> {
    const [entity] = await this.getEntitiesByRefs(
      [entityRef],
      credentials,
      options,
    );
    return entity;
  }

  /** The entities in the order asked; undefined where the caller may not see one, or there is none. */
  async getEntitiesByRefs(
    entityRefs: string[],
    credentials: BackstageCredentials,
    options?: { fresh?: boolean },
  ): Promise<Array<Entity | undefined>> {
    const caller = this.cache && (await this.callerKey(credentials));
    if (!this.cache || caller === undefined) {
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs },
        { credentials },
      );
      return items.map(e => e ?? undefined);
    }
    const cache = this.cache;
    return Promise.all(
      entityRefs.map(async entityRef => {
        // The catalog matches refs without regard to case; so does the key.
        const ref = entityRef.toLocaleLowerCase('en-US');
        const answer = await cache.fetch(`${caller}\n${ref}`, {
          context: { caller, ref, credentials },
          forceRefresh: options?.fresh,
        });
        return answer?.entity;
      }),
    );
  }

  /** Who the answers are kept for, or undefined for a caller whose answers are not kept. */
  private async callerKey(
    credentials: BackstageCredentials,
  ): Promise<string | undefined> {
    const { auth, userInfo } = this.deps;
    if (auth.isPrincipal(credentials, 'user')) {
      const { userEntityRef, ownershipEntityRefs } = await userInfo
        .getUserInfo(credentials)
        .catch(() => ({ userEntityRef: undefined, ownershipEntityRefs: [] }));
      if (userEntityRef === undefined) return undefined;
      return JSON.stringify([
        'user',
        userEntityRef,
        [...ownershipEntityRefs].sort(),
        credentials.principal.actor?.subject ?? null,
      ]);
    }
    if (auth.isPrincipal(credentials, 'service')) {
      const { subject, accessRestrictions } = credentials.principal;
      return JSON.stringify(['service', subject, accessRestrictions ?? null]);
    }
    return undefined;
  }

  private loader(caller: string, credentials: BackstageCredentials) {
    let loader = this.loaders.get(caller);
    if (!loader) {
      const mine: DataLoader<string, Answer> = new DataLoader(
        async refs => {
          // Later reads start a new batch (with their own credentials of the same caller).
          if (this.loaders.get(caller) === mine) this.loaders.delete(caller);
          const { items } = await this.catalog.getEntitiesByRefs(
            { entityRefs: [...refs] },
            { credentials },
          );
          return items.map(entity => ({ entity: entity ?? undefined }));
        },
        { cache: false, maxBatchSize: MAX_BATCH },
      );
      loader = mine;
      this.loaders.set(caller, loader);
    }
    return loader;
  }
}
