import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { loadConfigSchema, type ConfigSchema } from '@backstage/config-loader';
import { getPackages } from '@manypkg/get-packages';

/**
 * The environment variable naming a folder where the merged config schema is kept between starts. Unset (the
 * default, and production's): every start collects the schema as Backstage's root logger does.
 */
export const CONFIG_SCHEMA_CACHE_ENV = 'ATRIUM_CONFIG_SCHEMA_CACHE';

/** The workspace folders, as the root package.json lists them (`packages/*`, `plugins/*`). */
const WORKSPACE_GLOBS = ['packages', 'plugins'];

/** The monorepo's root: the nearest folder upwards that holds yarn.lock. */
function findRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'yarn.lock'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * What the schema is made of: yarn.lock (every dependency's version, patches included) and each workspace
 * package's package.json and the schema file it names. Any change to them gives another key.
 */
export function configSchemaKey(root: string): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(root, 'yarn.lock')));
  for (const group of WORKSPACE_GLOBS) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const name of readdirSync(groupDir).sort()) {
      const manifest = join(groupDir, name, 'package.json');
      if (!existsSync(manifest)) continue;
      const text = readFileSync(manifest, 'utf8');
      hash.update(`${group}/${name}\0${text}\0`);
      const schemaFile = (JSON.parse(text) as { configSchema?: unknown })
        .configSchema;
      if (typeof schemaFile === 'string') {
        const path = join(groupDir, name, schemaFile);
        if (existsSync(path)) hash.update(readFileSync(path));
      }
    }
  }
  return hash.digest('hex').slice(0, 32);
}

/** The schema as Backstage's root logger collects it: every package of the monorepo and their dependencies. */
async function collectSchema(dir: string, logger: LoggerService) {
  const { packages } = await getPackages(dir);
  return loadConfigSchema({
    dependencies: packages.map(p => p.packageJson.name),
    onSchemaError: error => logger.warn(error.message),
  });
}

/**
 * The merged config schema, which the root logger needs to know which config values are secrets.
 *
 * Collecting it compiles every package's `config.d.ts` with TypeScript: 5 s of CPU and up to 10 s of a backend's
 * start, for a result that only changes with the dependencies. Backstage takes a ready schema
 * (`createConfigSecretEnumerator`'s `schema`) but keeps none; with `ATRIUM_CONFIG_SCHEMA_CACHE` set, the serialized
 * schema is kept there under a key of what it is made of (`configSchemaKey`), written whole or not at all, so
 * processes starting at once share it safely. Tests and `yarn start` set it; a failure to read or write the cache
 * only costs the time.
 */
export async function loadCachedConfigSchema(options: {
  logger: LoggerService;
  dir?: string;
  cacheDir?: string;
}): Promise<ConfigSchema> {
  const { logger, dir = process.cwd() } = options;
  const cacheDir = options.cacheDir ?? process.env[CONFIG_SCHEMA_CACHE_ENV];
  const root = cacheDir ? findRoot(dir) : undefined;
  if (!cacheDir || !root) return collectSchema(dir, logger);
  const file = join(cacheDir, `config-schema-${configSchemaKey(root)}.json`);
  try {
    if (existsSync(file)) {
      const serialized = JSON.parse(readFileSync(file, 'utf8')) as JsonObject;
      return await loadConfigSchema({ serialized });
    }
  } catch (error) {
    logger.warn(
      `Config schema cache ${file} unreadable, collecting the schema again: ${error}`,
    );
  }
  const schema = await collectSchema(dir, logger);
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(schema.serialize()));
    renameSync(temp, file);
  } catch (error) {
    logger.warn(`Config schema cache ${file} not written: ${error}`);
  }
  return schema;
}
