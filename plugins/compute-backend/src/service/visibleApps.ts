import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import { LABELS, type App } from '@atrium/plugin-compute-common';

/**
 * The Apps of a listing that is not one component's (a team's namespaces) that the caller may be told of: an
 * App that names no component, and an App whose component (its label) the caller may see in the catalog, read
 * with the caller's credentials. Atrium never lists an owners-only entity to someone who may not see it, and
 * an App names its component; so an App of a component the caller may not see is left out entirely, with no
 * count or "more not shown" in its place, as a count would tell that the team runs something hidden.
 * An App naming a component that is not in the catalog is left out too: to the caller, the catalog's answer
 * for it is the same as for a hidden one, and the App's own view (`ComputeReader.app`) refuses it alike.
 * The team's owners see their own owners-only components, so they still see all of their Apps.
 */
export async function visibleApps(
  catalog: CallerCatalog,
  apps: App[],
  credentials: BackstageCredentials,
): Promise<App[]> {
  const componentOf = (app: App) => app.metadata.labels?.[LABELS.component];
  const names = [...new Set(apps.flatMap(app => componentOf(app) ?? []))];
  if (names.length === 0) return apps;
  const entities = await catalog.getEntitiesByRefs(
    names.map(name =>
      stringifyEntityRef({ kind: 'component', namespace: 'default', name }),
    ),
    credentials,
  );
  const visible = new Set(names.filter((_, i) => entities[i] !== undefined));
  return apps.filter(app => {
    const name = componentOf(app);
    return name === undefined || visible.has(name);
  });
}
