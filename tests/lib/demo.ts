import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from './paths.ts';

export interface DemoEntity {
  kind: string;
  metadata: { name: string; title?: string; description?: string };
  spec?: Record<string, unknown>;
}

/** The entities Atrium ships for its embedded default: the demo org, its software, and Atrium itself. */
export function demoEntities(): DemoEntity[] {
  return [
    'demo/org.yaml',
    'demo/catalog.yaml',
    'catalog-info.yaml',
    'demo/templates/node-service/template.yaml',
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
