import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';

/**
 * Catalog entities by ref, batched and deduplicated within one GraphQL request: every `load` made while
 * resolving one level of a query becomes a single catalog call. Refs are compared case-insensitively. An
 * entity the caller may not see, or that does not exist, loads as `undefined`.
 */
export interface EntityLoader {
  load(entityRef: string): Promise<Entity | undefined>;
  loadMany(entityRefs: readonly string[]): Promise<Array<Entity | undefined>>;
}

/**
 * What a resolver tells the gateway's response cache about the data it read. An answer is cached per user for
 * the shortest `maxAge` any of its fields asked for (the configured TTL when none did), and is dropped early
 * when an entity it depends on changes.
 */
export interface ResponseCacheHints {
  /** This field's data may be at most this many seconds old (0: the answer is not cached at all). */
  maxAge(seconds: number): void;
  /**
   * The answer shows this entity (as read now): it is stale once the catalog holds another version of it.
   * Entities read through `ctx.entities` are recorded by the gateway itself.
   */
  dependsOn(entity: Entity): void;
  /**
   * The answer lists the entities owned by these refs (users or groups): it is stale once an entity owned by
   * one of them appears, changes or goes away.
   */
  dependsOnOwned(ownerRefs: readonly string[]): void;
}

/** The context of every resolver, made anew for each GraphQL request. */
export interface GatewayContext {
  /** The caller. Pass these on (e.g. `{ credentials }` to the catalog service), so permissions still apply. */
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  /** The caller's ownership refs: their user entity and their groups, with parents. */
  ownershipEntityRefs: readonly string[];
  entities: EntityLoader;
  cache: ResponseCacheHints;
  /**
   * The request's headers that some schema contribution declares in `forwardedHeaders`, by lower-case name
   * (undefined when the request has none); no other header is here.
   */
  headers: Readonly<Record<string, string | undefined>>;
}
