// The OpenAPI operations Atrium's backend plugins document, read from the repository at test time (so a new
// route is fuzzed without anyone listing it), with local $refs resolved and parameters merged.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../paths.ts';
import { backendPlugins } from '../routes.ts';

/** A JSON schema as OpenAPI 3.0 writes it, after local $refs are resolved. */
export type Schema = {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  nullable?: boolean;
  default?: unknown;
};

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** `METHOD /api/<plugin><template>`, e.g. `GET /api/home/layouts/groups/{namespace}/{name}`. */
  key: string;
  plugin: string;
  method: string;
  /** The mount point, `/api/<plugin>`. */
  mount: string;
  /** The spec's path template, `{name}` for parameters. */
  template: string;
  params: Param[];
  body?: { required: boolean; schema: Schema; contentTypes: string[] };
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** Resolves local `$ref`s (`#/components/...`) in a spec value, bounded in depth against cycles. */
function deref(spec: any, value: any, depth = 0): any {
  if (depth > 30 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(v => deref(spec, v, depth + 1));
  if (typeof value.$ref === 'string') {
    const target = value.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((o: any, k: string) => o?.[k], spec);
    if (target === undefined)
      throw new Error(`unresolved $ref ${value.$ref} in an OpenAPI spec`);
    return deref(spec, target, depth + 1);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = deref(spec, v, depth + 1);
  return out;
}

/**
 * The OpenAPI specs of the backend plugins Atrium's backend adds, from their source (`src/schema/openapi.yaml`
 * under plugins/ and packages/): file and plugin id.
 */
export function openApiSpecFiles(): Array<{ plugin: string; file: string }> {
  const served = new Map(backendPlugins().map(p => [p.pkg, p.id]));
  const files: Array<{ plugin: string; file: string }> = [];
  for (const top of ['plugins', 'packages']) {
    for (const dir of readdirSync(resolve(ROOT, top)).sort()) {
      const file = resolve(ROOT, top, dir, 'src/schema/openapi.yaml');
      const manifest = resolve(ROOT, top, dir, 'package.json');
      if (!existsSync(file) || !existsSync(manifest)) continue;
      const { name } = JSON.parse(readFileSync(manifest, 'utf8'));
      const plugin = served.get(name);
      if (!plugin)
        throw new Error(
          `${top}/${dir} has an OpenAPI spec but packages/backend does not add ${name}`,
        );
      files.push({ plugin, file });
    }
  }
  return files;
}

/**
 * The OpenAPI specs of Backstage's own plugins that the backend adds and that ship one (catalog, scaffolder,
 * search: in their build output, as `createValidatedOpenApiRouter` uses it).
 */
export function backstageOpenApiSpecs(): Array<{ plugin: string; spec: any }> {
  const fromBackend = createRequire(
    resolve(ROOT, 'packages/backend/package.json'),
  );
  return backendPlugins()
    .filter(p => p.pkg.startsWith('@backstage/'))
    .flatMap(({ id, pkg }) => {
      const dir = resolve(fromBackend.resolve(`${pkg}/package.json`), '..');
      const file = resolve(dir, 'dist/schema/openapi/generated/router.cjs.js');
      return existsSync(file)
        ? [{ plugin: id, spec: fromBackend(file).spec }]
        : [];
    });
}

/**
 * Every operation of every spec, with path-level and operation-level parameters merged: Atrium's, and with
 * `backstage` Backstage's own plugins' too.
 */
export function openApiOperations(
  options: { backstage?: boolean } = {},
): Operation[] {
  const operations: Operation[] = [];
  const specs = [
    ...openApiSpecFiles().map(({ plugin, file }) => ({
      plugin,
      spec: parse(readFileSync(file, 'utf8')),
    })),
    ...(options.backstage ? backstageOpenApiSpecs() : []),
  ];
  for (const { plugin, spec: raw } of specs) {
    const spec = deref(raw, raw);
    for (const [template, item] of Object.entries<any>(spec.paths ?? {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const byName = new Map<string, Param>();
        for (const p of [
          ...(item.parameters ?? []),
          ...(op.parameters ?? []),
        ]) {
          if (!['path', 'query', 'header'].includes(p.in)) continue;
          byName.set(`${p.in}:${p.name}`, {
            name: p.name,
            in: p.in,
            required: Boolean(p.required),
            schema: p.schema ?? {},
          });
        }
        const content = op.requestBody?.content ?? {};
        const contentTypes = Object.keys(content);
        const mount = `/api/${plugin}`;
        operations.push({
          key: `${method.toUpperCase()} ${mount}${template}`,
          plugin,
          method: method.toUpperCase(),
          mount,
          template,
          params: [...byName.values()],
          body: op.requestBody
            ? {
                required: Boolean(op.requestBody.required),
                schema: content[contentTypes[0]]?.schema ?? {},
                contentTypes,
              }
            : undefined,
        });
      }
    }
  }
  return operations;
}
