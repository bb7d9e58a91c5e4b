import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CallerCatalog } from '@atrium/plugin-catalog-reads-node';
import { LABELS, type App } from '@atrium/plugin-compute-common';
import { ClusterSet } from '../cluster/ClusterSet';
import type { ClusterReads } from '../cluster/CachedCluster';
import { ComputeReader } from './ComputeReader';

const component = (name: string, owner: string, apps?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    ...(apps ? { annotations: { 'compute.atrium.dev/apps': apps } } : {}),
  },
  spec: { type: 'service', lifecycle: 'production', owner },
});

const app = (namespace: string, name: string, componentName: string): App =>
  ({
    apiVersion: 'compute.atrium.dev/v1alpha1',
    kind: 'App',
    metadata: {
      namespace,
      name,
      resourceVersion: '1',
      labels: { [LABELS.component]: componentName },
    },
    spec: {
      image: `registry.example/${name}`,
      version: '1.0.0',
      replicas: 1,
      tier: 'standard',
      resources: { cpu: '100m', memory: '128Mi' },
    },
    status: {},
  } as unknown as App);

/**
 * A cluster's cache in memory, answering the reads the reader makes. Namespaces carry the team label the
 * platform sets, or none.
 */
function memoryCluster(
  name: string,
  namespaces: Record<string, string | undefined>,
  apps: App[],
): ClusterReads {
  return {
    name,
    info: { name },
    async apps(namespace?: string) {
      return apps.filter(a => !namespace || a.metadata.namespace === namespace);
    },
    async app(ns: string, appName: string) {
      return apps.find(
        a => a.metadata.namespace === ns && a.metadata.name === appName,
      );
    },
    async scalers() {
      return [];
    },
    async pods() {
      return [];
    },
    async events(ns: string) {
      return apps
        .filter(a => a.metadata.namespace === ns)
        .map(a => ({
          metadata: { namespace: ns },
          reason: 'Scaled',
          message: `${a.metadata.name} scaled`,
          involvedObject: { kind: 'App', name: a.metadata.name },
        }));
    },
    async namespaceTeam(ns: string) {
      return namespaces[ns];
    },
    async teamNamespaces(team: string) {
      return Object.keys(namespaces)
        .filter(ns => namespaces[ns] === team)
        .sort();
    },
    async zonesByNode() {
      return new Map();
    },
    async caughtUp() {
      return true;
    },
  };
}

const FLEET_REASON =
  "namespace team-payments belongs to group:default/team-payments, not to this component's owner group:default/team-fleet";

const LEGACY_REASON =
  'namespace legacy belongs to no team (it has no compute.atrium.dev/team label)';

/** A cluster set with no configured clusters: each test pushes its in-memory ones. */
function emptyClusterSet() {
  return new ClusterSet(
    {
      clusters: [],
      requestTimeoutMs: 1000,
      cache: { heartbeatMs: 10_000, watchTimeoutSeconds: 60, catalogTtlMs: 0 },
    },
    mockServices.logger.mock(),
  );
}

/** A reader of the clusters, reading the catalog per caller as the plugin does. */
function readerOf(
  clusters: ClusterSet,
  catalog: ReturnType<typeof catalogServiceMock>,
) {
  return new ComputeReader(
    clusters,
    new CallerCatalog(catalog, {
      auth: mockServices.auth(),
      userInfo: mockServices.userInfo(),
      ttlMs: 5000,
    }),
  );
}

function makeReader() {
  const clusters = emptyClusterSet();
  const eu = memoryCluster(
    'eu',
    {
      'team-fleet': 'team-fleet',
      'team-payments': 'team-payments',
      legacy: undefined,
    },
    [
      app('team-fleet', 'fleet-console', 'fleet-console'),
      app('team-payments', 'payments-gateway', 'payments-gateway'),
      // Labelled with team-fleet's component, in team-payments' namespace: the label is the App's word only.
      app('team-payments', 'console-shadow', 'fleet-console'),
      // A namespace without the team label belongs to no team: no component shows (or operates) its Apps.
      app('legacy', 'old-console', 'fleet-console'),
    ],
  );
  clusters.sources.push({ info: eu.info, reads: () => eu });
  const catalog = catalogServiceMock({
    entities: [
      component(
        'fleet-console',
        'team-fleet',
        'payments-gateway, team-payments/payments-gateway',
      ),
      component('payments-gateway', 'group:default/team-payments'),
      {
        apiVersion: 'backstage.io/v1beta1',
        kind: 'Group',
        metadata: { name: 'team-fleet', namespace: 'default' },
        spec: { type: 'team', children: [] },
      },
    ],
  });
  return readerOf(clusters, catalog);
}

const credentials: BackstageCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/bob.okafor' },
};

describe("a component's Apps", () => {
  it("leaves out Apps in another team's namespace, named by its annotation or by their label, and says why", async () => {
    const answer = await makeReader().componentWorkloads(
      { namespace: 'default', name: 'fleet-console' },
      credentials,
    );
    const [eu] = answer.clusters;
    expect(eu.ok && eu.apps.map(a => `${a.namespace}/${a.name}`)).toEqual([
      'team-fleet/fleet-console',
    ]);
    expect(answer.excluded).toEqual([
      {
        cluster: 'eu',
        namespace: 'legacy',
        name: 'old-console',
        reason: LEGACY_REASON,
      },
      {
        cluster: 'eu',
        namespace: 'team-payments',
        name: 'console-shadow',
        reason: FLEET_REASON,
      },
      {
        cluster: 'eu',
        namespace: 'team-payments',
        name: 'payments-gateway',
        reason: FLEET_REASON,
      },
    ]);
    expect(eu).not.toHaveProperty('excluded');
  });

  it('applies the same rule in a batch read, where another component in the batch still shows its own App', async () => {
    const [fleet, payments] = await makeReader().componentsWorkloads(
      ['component:default/fleet-console', 'component:default/payments-gateway'],
      credentials,
    );
    const names = (w: typeof fleet) =>
      w!.clusters.flatMap(c => (c.ok ? c.apps.map(a => a.name) : []));
    expect(names(fleet)).toEqual(['fleet-console']);
    expect(fleet!.excluded.map(e => [e.name, e.reason])).toEqual([
      ['old-console', LEGACY_REASON],
      ['console-shadow', FLEET_REASON],
      ['payments-gateway', FLEET_REASON],
    ]);
    expect(names(payments)).toEqual(['payments-gateway']);
    expect(payments!.excluded).toEqual([]);
  });

  it('shows no events of the Apps it leaves out', async () => {
    const { clusters } = await makeReader().componentEvents(
      { namespace: 'default', name: 'fleet-console' },
      credentials,
    );
    const [eu] = clusters;
    expect(eu.ok && eu.events.map(e => e.object.name).sort()).toEqual([
      'fleet-console',
    ]);
  });
});

describe("a team's Apps", () => {
  const vault: Entity = {
    ...component('fleet-vault', 'team-fleet'),
    metadata: {
      name: 'fleet-vault',
      namespace: 'default',
      annotations: { 'atrium.dev/visibility': 'owners' },
    },
  };
  const BOB = 'user:default/bob.okafor';
  const ALICE = 'user:default/alice.nakamura';
  const as = (userEntityRef: string): BackstageCredentials => ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef },
  });

  /** team-fleet's namespace with a public component's App, an owners-only one's, and one naming no component. */
  function teamReader() {
    const clusters = new ClusterSet(
      {
        clusters: [],
        requestTimeoutMs: 1000,
        cache: {
          heartbeatMs: 10_000,
          watchTimeoutSeconds: 60,
          catalogTtlMs: 0,
        },
      },
      mockServices.logger.mock(),
    );
    const unlabelled = app('team-fleet', 'fleet-cron', 'x');
    unlabelled.metadata.labels = {};
    const eu = memoryCluster('eu', { 'team-fleet': 'team-fleet' }, [
      app('team-fleet', 'fleet-console', 'fleet-console'),
      app('team-fleet', 'vault', 'fleet-vault'),
      unlabelled,
    ]);
    clusters.sources.push({ info: eu.info, reads: () => eu });
    const catalog = catalogServiceMock({
      entities: [
        component('fleet-console', 'team-fleet'),
        vault,
        {
          apiVersion: 'backstage.io/v1beta1',
          kind: 'Group',
          metadata: { name: 'team-fleet', namespace: 'default' },
          spec: { type: 'team', children: [] },
        },
      ],
    });
    // The catalog's permission conditions, as far as this needs: fleet-vault only for its owner Bob.
    const hidden = (e: Entity | undefined, who: BackstageCredentials) =>
      e?.metadata.name === 'fleet-vault' &&
      (who.principal as { userEntityRef?: string }).userEntityRef !== BOB;
    const byRef = catalog.getEntityByRef.bind(catalog);
    const byRefs = catalog.getEntitiesByRefs.bind(catalog);
    catalog.getEntityByRef = (async (ref: any, options: any) => {
      const e = await byRef(ref, options);
      return hidden(e, options.credentials) ? undefined : e;
    }) as typeof catalog.getEntityByRef;
    catalog.getEntitiesByRefs = (async (request: any, options: any) => {
      const { items } = await byRefs(request, options);
      return {
        items: items.map(e => (hidden(e, options.credentials) ? null : e)),
      };
    }) as typeof catalog.getEntitiesByRefs;
    return readerOf(clusters, catalog);
  }

  it('leaves out, without a trace, the Apps of components the caller may not see; the owners see them', async () => {
    const reader = teamReader();
    const team = { namespace: 'default', name: 'team-fleet' };
    const other = await reader.teamWorkloads(team, as(ALICE));
    const names = (w: typeof other) =>
      w.clusters.flatMap(c => (c.ok ? c.apps.map(a => a.name) : []));
    expect(names(other)).toEqual(['fleet-console', 'fleet-cron']);
    expect(JSON.stringify(other)).not.toMatch(/vault/);
    const owner = await reader.teamWorkloads(team, as(BOB));
    expect(names(owner)).toEqual(['fleet-console', 'vault', 'fleet-cron']);
    const [eu] = owner.clusters;
    expect(eu.ok && eu.apps[1].component).toBe('fleet-vault');
  });
});
