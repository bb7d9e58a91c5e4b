// The catalog both apps load for the speed benchmark, at three sizes:
//   small:  the demo organisation and software as Atrium loads them by default (demo/org.yaml, demo/catalog.yaml,
//           catalog-info.yaml and the demo template);
//   large:  the same files plus generated entities, so that the totals are 10,000 Components, 2,000 Users and
//           200 Groups (the demo's own counted in), with Domains, Systems and APIs in about the demo's
//           proportions;
//   xlarge: the same, 50,000 entities in all: 40,000 Components, 8,000 Users, 1,000 Groups, and the rest
//           Systems and APIs in large's proportion (one System to four APIs), with a Domain per department.
// Generation is seeded, so every run and both apps get byte-identical files.
// The files land in `.bench/catalog-<size>` (git-ignored). The demo files are read where they are, except
// demo/catalog.yaml: its APIs pull their definitions in with `$text: ./apis/...`, which Atrium resolves for file
// locations (plugins/catalog-backend-module-local-files) and stock Backstage does not, so both apps get a copy
// with the definitions inlined: the same entities, read the same way by both.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import {
  DEMO_TEMPLATES,
  demoEntities,
  EVERY_KIND_RULE,
} from '../../tests/lib/demo.ts';
import { ROOT } from '../../tests/lib/paths.ts';
import { BENCH_DIR } from './stock.ts';
import { generate, TARGETS, toYaml } from './catalogGenerate.ts';
import { sha256 } from './util.ts';

export type Size = 'small' | 'large' | 'xlarge';
export const SIZES: readonly Size[] = ['small', 'large', 'xlarge'];

export interface BenchCatalog {
  size: Size;
  /** Absolute paths of the files to register as `catalog.locations` (type file). */
  files: string[];
  /** How many entities of each kind the files define, to wait for ingestion. */
  kindCounts: Record<string, number>;
  total: number;
}

/** The files Atrium's app-config.yaml registers by default (demo/catalog.yaml is replaced by its copy). */
const DEMO_FILES = [
  'catalog-info.yaml',
  'demo/org.yaml',
  'demo/catalog.yaml',
  ...DEMO_TEMPLATES,
].map(f => resolve(ROOT, f));
const DEMO_CATALOG = resolve(ROOT, 'demo/catalog.yaml');

/**
 * Whether a demo entity is in the bench's catalog. An MCP server API (`spec.type: mcp-server`, remotes instead of a
 * definition) is left out for both apps: Atrium's catalog accepts it (packages/backend/src/modules/mcpServerApis.ts)
 * and stock's refuses it ("/spec must have required property 'definition'"), so stock would never count it.
 */
function inBenchCatalog(entity: {
  kind: string;
  spec?: { type?: unknown };
}): boolean {
  return !(entity.kind === 'API' && entity.spec?.type === 'mcp-server');
}

/** demo/catalog.yaml with every `$text: <relative path>` replaced by that file's text. */
function inlinedDemoCatalog(): string {
  return parseAllDocuments(readFileSync(DEMO_CATALOG, 'utf8'))
    .map(doc => doc.toJS())
    .filter(Boolean)
    .filter(inBenchCatalog)
    .map(entity => {
      const text = entity.spec?.definition?.$text;
      if (typeof text === 'string') {
        entity.spec.definition = readFileSync(
          resolve(dirname(DEMO_CATALOG), text),
          'utf8',
        );
      }
      return `---\n${stringify(entity, { lineWidth: 0 })}`;
    })
    .join('');
}

/** Writes `files` (name to text) into `dir` unless the stamp says they are there already. */
function writeOnce(
  dir: string,
  files: ReadonlyArray<readonly [string, string]>,
) {
  const key = sha256(...files.flatMap(([f, c]) => [f, c]));
  const stampFile = join(dir, '.stamp');
  let current = '';
  try {
    current = readFileSync(stampFile, 'utf8');
  } catch {
    /* not written yet */
  }
  if (current === key) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of files) writeFileSync(join(dir, file), text);
  writeFileSync(stampFile, key);
}

export function benchCatalog(size: Size): BenchCatalog {
  const counts: Record<string, number> = {};
  const add = (kind: string, n = 1) => (counts[kind] = (counts[kind] ?? 0) + n);
  for (const e of demoEntities().filter(inBenchCatalog)) add(e.kind);
  const dir = join(BENCH_DIR, `catalog-${size}`);
  const contents: Array<readonly [string, string]> = [
    ['demo-catalog.yaml', inlinedDemoCatalog()],
  ];
  if (size !== 'small') {
    const { org, software, components } = generate(TARGETS[size], {
      ...counts,
    });
    contents.push(
      ['org.yaml', toYaml(org)],
      ['software.yaml', toYaml(software)],
    );
    for (let i = 0; i < components.length; i += 1000) {
      const name = `components-${String(i / 1000 + 1).padStart(2, '0')}.yaml`;
      contents.push([name, toYaml(components.slice(i, i + 1000))]);
    }
    for (const list of [org, software, components])
      for (const e of list as Array<{ kind: string }>) add(e.kind);
  }
  writeOnce(dir, contents);
  const files = [
    ...DEMO_FILES.map(f =>
      f === DEMO_CATALOG ? join(dir, 'demo-catalog.yaml') : f,
    ),
    ...contents.slice(1).map(([file]) => join(dir, file)),
  ];
  return {
    size,
    files,
    kindCounts: counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
  };
}

/** Relation fields of the kinds in the bench catalogs, with the kind a ref without one defaults to. */
const REF_FIELDS: Record<string, string> = {
  owner: 'group',
  system: 'system',
  domain: 'domain',
  parent: 'group',
  children: 'group',
  memberOf: 'group',
  members: 'user',
  providesApis: 'api',
  consumesApis: 'api',
  dependsOn: 'component',
  dependencyOf: 'component',
  subcomponentOf: 'component',
};

/**
 * Reads the catalog's files back, counts their entities by kind and checks that every ref in a relation field
 * names an entity of the files (the kind defaulting as Backstage does for that field, the namespace to
 * `default`). For `--generate-only`: the catalog as generated, without starting an app.
 */
export function checkCatalog(catalog: BenchCatalog): {
  kindCounts: Record<string, number>;
  total: number;
  refs: number;
  unresolved: string[];
} {
  const entities = catalog.files.flatMap(file =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map(doc => doc.toJS())
      .filter(Boolean),
  ) as Array<{
    kind: string;
    metadata: { name: string; namespace?: string };
    spec?: Record<string, unknown>;
  }>;
  const kindCounts: Record<string, number> = {};
  const known = new Set<string>();
  for (const e of entities) {
    kindCounts[e.kind] = (kindCounts[e.kind] ?? 0) + 1;
    known.add(
      `${e.kind}:${e.metadata.namespace ?? 'default'}/${
        e.metadata.name
      }`.toLowerCase(),
    );
  }
  let refs = 0;
  const unresolved: string[] = [];
  for (const e of entities) {
    for (const [field, defaultKind] of Object.entries(REF_FIELDS)) {
      const value = e.spec?.[field];
      const list = Array.isArray(value) ? value : [value].filter(Boolean);
      for (const ref of list as string[]) {
        refs++;
        const m = /^(?:([^:/]+):)?(?:([^/]+)\/)?(.+)$/.exec(ref);
        const full = m
          ? `${m[1] ?? defaultKind}:${m[2] ?? 'default'}/${m[3]}`.toLowerCase()
          : ref;
        if (!known.has(full))
          unresolved.push(`${e.kind} ${e.metadata.name}: ${field} ${ref}`);
      }
    }
  }
  return {
    kindCounts,
    total: entities.length,
    refs,
    unresolved,
  };
}

/**
 * The `catalog` config both apps get: the catalog's files as file locations (absolute targets, replacing the
 * app's own list: config arrays are not merged), and rules that allow every kind in them.
 */
export function catalogConfig(catalog: BenchCatalog) {
  return {
    rules: [EVERY_KIND_RULE],
    locations: catalog.files.map(target => ({ type: 'file', target })),
  };
}
