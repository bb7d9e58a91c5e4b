import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  startBackend,
  waitForCatalog,
  type Backend,
  type BackendOptions,
} from './backend.ts';
import { ROOT } from './paths.ts';

export interface DemoEntity {
  kind: string;
  metadata: { name: string; title?: string; description?: string };
  spec?: Record<string, unknown>;
}

/** A catalog rule that allows every kind of Backstage's catalog model, for catalogs the tests and benches load. */
export const EVERY_KIND_RULE = {
  allow: [
    'Component',
    'System',
    'API',
    'Resource',
    'Location',
    'Domain',
    'User',
    'Group',
    'Template',
  ],
};

/** The templates app-config.yaml's catalog loads. */
export const DEMO_TEMPLATES = [
  'demo/templates/node-service/template.yaml',
  'demo/templates/atrium-service/template.yaml',
];

/** The entities Atrium ships for its embedded default: the demo org, its software, and Atrium itself. */
export function demoEntities(): DemoEntity[] {
  return [
    'demo/org.yaml',
    'demo/catalog.yaml',
    'catalog-info.yaml',
    ...DEMO_TEMPLATES,
  ].flatMap(file =>
    parseAllDocuments(readFileSync(resolve(ROOT, file), 'utf8'))
      .map(doc => doc.toJS() as DemoEntity)
      .filter(Boolean),
  );
}

/** How many entities of each kind the demo data defines. */
export function demoKindCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entity of demoEntities())
    counts[entity.kind] = (counts[entity.kind] ?? 0) + 1;
  return counts;
}

/**
 * Starts a backend (as `startBackend`) and waits until its catalog holds the whole demo data; a backend whose
 * catalog never gets there is stopped.
 */
export async function startDemoBackend(
  options: BackendOptions,
): Promise<Backend> {
  const backend = await startBackend(options);
  try {
    await waitForCatalog(
      backend.baseUrl,
      backend.serviceToken,
      demoKindCounts(),
    );
  } catch (error) {
    await backend.stop();
    throw error;
  }
  return backend;
}

/**
 * Config that loads the demo catalog, as app-config.yaml does, plus `extra` files (each with the kinds it may
 * hold). Backstage replaces config arrays rather than merging them, so a test that adds a location lists all.
 */
export function demoCatalogWith(
  extra: Array<{ target: string; allow: string[] }>,
): { catalog: { locations: object[] } } {
  const file = (target: string, allow?: string[]) => ({
    type: 'file',
    target,
    ...(allow ? { rules: [{ allow }] } : {}),
  });
  return {
    catalog: {
      locations: [
        file(resolve(ROOT, 'catalog-info.yaml')),
        file(resolve(ROOT, 'demo/org.yaml'), ['User', 'Group']),
        file(resolve(ROOT, 'demo/catalog.yaml')),
        ...DEMO_TEMPLATES.map(t => file(resolve(ROOT, t), ['Template'])),
        ...extra.map(e => file(e.target, e.allow)),
      ],
    },
  };
}
