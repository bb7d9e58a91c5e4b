import type { AuthService } from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { Entity } from '@backstage/catalog-model';

/** A user's teams and a team's size, as the catalog has them. */
export interface TeamDirectory {
  /** The groups the user is a direct member of (memberOf), sorted; none for a user not in the catalog. */
  teamsOf(userEntityRef: string): Promise<string[]>;
  /** Each group's number of direct members (hasMember); 0 for a group not in the catalog. */
  sizes(teamRefs: string[]): Promise<Map<string, number>>;
}

const relationTargets = (entity: Entity | undefined, type: string) =>
  (entity?.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .sort();

/**
 * Reads the catalog with the plugin's own credentials (teams are recorded whoever may see them), keeping each
 * user's teams for `ttlMs`: the app sends a batch every few seconds and a membership changes rarely.
 */
export class CatalogTeams implements TeamDirectory {
  private readonly cache = new Map<
    string,
    { teams: Promise<string[]>; until: number }
  >();

  constructor(
    private readonly catalog: Pick<
      CatalogService,
      'getEntityByRef' | 'getEntitiesByRefs'
    >,
    private readonly auth: Pick<AuthService, 'getOwnServiceCredentials'>,
    private readonly ttlMs = 60_000,
    /** Users kept at most; the oldest entry goes first. */
    private readonly maxEntries = 10_000,
  ) {}

  teamsOf(userEntityRef: string): Promise<string[]> {
    const now = Date.now();
    const cached = this.cache.get(userEntityRef);
    if (cached && cached.until > now) return cached.teams;
    const teams = this.load(userEntityRef);
    this.cache.delete(userEntityRef);
    this.cache.set(userEntityRef, { teams, until: now + this.ttlMs });
    if (this.cache.size > this.maxEntries) {
      this.cache.delete(this.cache.keys().next().value!);
    }
    // A failed read is not kept: the next batch asks again.
    teams.catch(() => this.cache.delete(userEntityRef));
    return teams;
  }

  private async load(userEntityRef: string): Promise<string[]> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const user = await this.catalog.getEntityByRef(userEntityRef, {
      credentials,
    });
    return relationTargets(user, 'memberOf');
  }

  async sizes(teamRefs: string[]): Promise<Map<string, number>> {
    const sizes = new Map<string, number>();
    if (teamRefs.length === 0) return sizes;
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: teamRefs, fields: ['relations'] },
      { credentials },
    );
    teamRefs.forEach((ref, i) =>
      sizes.set(ref, relationTargets(items[i], 'hasMember').length),
    );
    return sizes;
  }
}
