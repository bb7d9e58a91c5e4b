// The generated part of the bench catalogs (bench/lib/catalog.ts): entities added to the demo's so that a size
// reaches its totals of Components, Users and Groups, with Domains, Systems and APIs in about the demo's
// proportions. Seeded (mulberry32), so every run and both apps get byte-identical files.
import { stringify } from 'yaml';
import type { Size } from './catalog.ts';
import { mulberry32 } from './util.ts';

/**
 * Totals per generated size, the demo's entities counted in. With `total`, Systems and APIs share what the other
 * kinds leave (one System to four APIs); without, there is a System per 20 Components and an API per 5.
 */
export interface Target {
  components: number;
  users: number;
  groups: number;
  total?: number;
}
export const TARGETS: Record<Exclude<Size, 'small'>, Target> = {
  large: { components: 10_000, users: 2_000, groups: 200 },
  xlarge: { components: 40_000, users: 8_000, groups: 1_000, total: 50_000 },
};

/** Seeded (mulberry32), so the generated catalog is the same on every run. */
function prng(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const some = <T>(items: readonly T[], max: number): T[] => {
    const out = new Set<T>();
    const n = 1 + int(max);
    for (let i = 0; i < n; i++) out.add(pick(items));
    return [...out];
  };
  return { next, int, pick, some };
}

const words = (list: string) => list.split(' ');
const FIRST = words(
  'amara bjorn chen dara elif femi greta hiro ines jonas kavya liam mei nadia omar priya quinn rosa sami tariq uma viktor wen ximena yusuf zofia',
);
const LAST = words(
  'abara brennan castillo dubois eriksen fujita gallo haddad ivanova jensen kowalski larsen mensah novak okoro petrov quispe rahman silva tanaka usman varga weber xu yilmaz zeller',
);
const AREAS = words(
  'billing search identity inventory pricing shipping returns analytics messaging loyalty media tax customs warehousing forecasting support onboarding partners compliance observability',
);
const NOUNS = words(
  'gateway worker indexer scheduler exporter importer service api ui portal sync cache router notifier reporter validator resolver ledger tracker planner',
);
const VERBS = words(
  'Computes Stores Serves Validates Aggregates Publishes Schedules Reconciles Exports Indexes',
);
const OBJECTS = [
  'invoices',
  'search results',
  'customer profiles',
  'stock levels',
  'price lists',
  'shipping labels',
  'return requests',
  'usage metrics',
  'notifications',
  'loyalty points',
  'product images',
  'tax rates',
  'customs declarations',
  'pick lists',
  'demand forecasts',
  'support tickets',
];
const TAGS = words(
  'java kotlin go python typescript react postgresql kafka redis grpc rest graphql spring-boot node pci gdpr',
);
const TYPES = words('service service service website library');
const LIFECYCLES = words(
  'production production production experimental deprecated',
);

/** Entities beside the demo's: Groups and Users (org.yaml), Domains, Systems, APIs, then Components in chunks. */
export function generate(target: Target, demoCounts: Record<string, number>) {
  const rnd = prng(20_260_551);
  const nGroups = target.groups - (demoCounts.Group ?? 0);
  const nUsers = target.users - (demoCounts.User ?? 0);
  const nComponents = target.components - (demoCounts.Component ?? 0);
  const pad = (n: number, w = 4) => String(n).padStart(w, '0');
  const entity = (kind: string, metadata: object, spec: object) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata,
    spec,
  });

  // Org: departments under the demo's organisation group, teams under the departments.
  const nDepartments = Math.max(1, Math.round(nGroups / 25));
  const departments = Array.from({ length: nDepartments }, (_, i) => ({
    name: `dept-${AREAS[i % AREAS.length]}-${pad(i + 1, 2)}`,
    area: AREAS[i % AREAS.length],
  }));
  const teams = Array.from({ length: nGroups - nDepartments }, (_, i) => {
    const dept = departments[i % nDepartments];
    return {
      name: `team-${dept.area}-${pad(i + 1, 3)}`,
      dept,
      area: dept.area,
    };
  });
  const org: object[] = [
    ...departments.map(d =>
      entity(
        'Group',
        {
          name: d.name,
          description: `Engineering for ${d.area}: the teams that build and run Larkspur's ${d.area} software.`,
        },
        {
          type: 'department',
          profile: {
            displayName: `${d.area[0].toUpperCase()}${d.area.slice(
              1,
            )} Engineering`,
            email: `${d.name}@larkspur.example`,
          },
          parent: 'larkspur',
          children: [],
        },
      ),
    ),
    ...teams.map(t =>
      entity(
        'Group',
        {
          name: t.name,
          description: `Owns part of ${t.area}: ${rnd.pick(
            OBJECTS,
          )} and ${rnd.pick(OBJECTS)}.`,
        },
        {
          type: 'team',
          profile: {
            displayName: `${t.area} ${t.name.slice(-3)}`,
            email: `${t.name}@larkspur.example`,
          },
          parent: t.dept.name,
          children: [],
        },
      ),
    ),
  ];
  for (let i = 0; i < nUsers; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
    const name = `${first}.${last}.${i + 1}`;
    const team = teams[i % teams.length].name;
    // Every tenth person is in a second team as well.
    const memberOf =
      i % 10 === 0 ? [team, teams[(i * 7 + 3) % teams.length].name] : [team];
    org.push(
      entity(
        'User',
        {
          name,
          description: `${rnd.pick([
            'Software',
            'Staff',
            'Senior',
            'Site reliability',
          ])} engineer.`,
        },
        {
          profile: {
            displayName: `${first[0].toUpperCase()}${first.slice(
              1,
            )} ${last[0].toUpperCase()}${last.slice(1)}`,
            email: `${name}@larkspur.example`,
          },
          memberOf: [...new Set(memberOf)],
        },
      ),
    );
  }

  // Software: a Domain per department, ~1 System per 20 Components, ~1 API per 5 Components; or, with a total,
  // Systems and APIs (1:4) fill what is left of it.
  const domains = departments.map(d => ({
    name: `${d.area}-${d.name.slice(-2)}`,
    owner: d.name,
  }));
  const demoTotal = Object.values(demoCounts).reduce((a, b) => a + b, 0);
  const left =
    target.total === undefined
      ? undefined
      : target.total -
        demoTotal -
        nGroups -
        nUsers -
        nComponents -
        domains.length;
  if (left !== undefined && left < 5)
    throw new Error(`catalog target ${JSON.stringify(target)} leaves no room`);
  const nSystems =
    left === undefined ? Math.round(nComponents / 20) : Math.round(left / 5);
  const systems = Array.from({ length: nSystems }, (_, i) => {
    const team = teams[i % teams.length];
    return {
      name: `${team.area}-system-${pad(i + 1)}`,
      owner: team.name,
      domain: domains[departments.indexOf(team.dept)].name,
    };
  });
  const nApis =
    left === undefined ? Math.round(nComponents / 5) : left - nSystems;
  const apis = Array.from({ length: nApis }, (_, i) => {
    const system = systems[i % systems.length];
    return { name: `${system.name}-api-${pad(i + 1, 4)}`, system };
  });
  const software: object[] = [
    ...domains.map(d =>
      entity(
        'Domain',
        {
          name: d.name,
          description: `Everything to do with ${d.name.replace(/-\d+$/, '')}.`,
        },
        { owner: d.owner },
      ),
    ),
    ...systems.map(s =>
      entity(
        'System',
        {
          name: s.name,
          description: `${rnd.pick(VERBS)} ${rnd.pick(OBJECTS)} for ${
            s.name.split('-')[0]
          }.`,
          tags: rnd.some(TAGS, 2),
        },
        { owner: s.owner, domain: s.domain },
      ),
    ),
    ...apis.map(a =>
      entity(
        'API',
        {
          name: a.name,
          description: `REST API of ${a.system.name}: ${rnd.pick(OBJECTS)}.`,
          tags: ['rest', 'openapi'],
        },
        {
          type: 'openapi',
          lifecycle: rnd.pick(LIFECYCLES),
          owner: a.system.owner,
          system: a.system.name,
          definition: `openapi: 3.0.0\ninfo:\n  title: ${a.name}\n  version: 1.0.0\npaths: {}\n`,
        },
      ),
    ),
  ];

  const components: object[] = [];
  for (let i = 0; i < nComponents; i++) {
    const system = systems[i % systems.length];
    const area = system.name.split('-')[0];
    const name = `${area}-${rnd.pick(NOUNS)}-${pad(i + 1, 5)}`;
    const provides = i % 5 === 0 ? [apis[(i / 5) % apis.length].name] : [];
    const consumes = rnd.some(apis, 2).map(a => a.name);
    components.push(
      entity(
        'Component',
        {
          name,
          description: `${rnd.pick(VERBS)} ${rnd.pick(OBJECTS)} and ${rnd.pick(
            OBJECTS,
          )} for the ${area} teams.`,
          tags: rnd.some(TAGS, 3),
          links: [
            {
              url: `https://runbooks.larkspur.example/components/${name}`,
              title: 'Runbook',
              icon: 'docs',
            },
          ],
        },
        {
          type: rnd.pick(TYPES),
          lifecycle: rnd.pick(LIFECYCLES),
          owner: system.owner,
          system: system.name,
          providesApis: provides,
          consumesApis: consumes,
          ...(i > 0
            ? {
                dependsOn: [
                  `component:${(components[rnd.int(i)] as any).metadata.name}`,
                ],
              }
            : {}),
        },
      ),
    );
  }
  return { org, software, components };
}

export const toYaml = (entities: object[]) =>
  entities.map(e => `---\n${stringify(e, { lineWidth: 0 })}`).join('');
