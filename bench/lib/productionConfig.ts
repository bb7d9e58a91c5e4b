// What Atrium's production config (app-config.production.yaml) sets that the benches give Atrium too, so that it
// runs as a company would run it; stock keeps Backstage's defaults. One reading of the file serves both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../../tests/lib/paths.ts';

let parsed: any;
function productionConfig(): any {
  parsed ??=
    parse(readFileSync(join(ROOT, 'app-config.production.yaml'), 'utf8')) ?? {};
  return parsed;
}

/**
 * PostgreSQL beyond the connection: `backend.database.plugin` (per-plugin pools and connection options, e.g. the
 * catalog's). A bench that gives Atrium its PostgreSQL through `databaseConfig` adds this.
 */
export function atriumPostgresTuning(): { plugin?: object } {
  const plugin = productionConfig().backend?.database?.plugin;
  return plugin ? { plugin } : {};
}

/**
 * The catalog's processing at company size (`catalog.processingInterval`), added to Atrium's `catalog` config
 * beside `catalogConfig`. Stock keeps Backstage's default (every 100-150 s).
 */
export function atriumCatalogTuning(): { processingInterval?: unknown } {
  const interval = productionConfig().catalog?.processingInterval;
  return interval === undefined ? {} : { processingInterval: interval };
}
