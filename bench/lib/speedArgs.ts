// The speed benchmark's (bench/speed.ts) command line and the settings it makes: which catalog sizes, which
// database, whether stock runs, how many repetitions, how long ingestion may take. A wrong command line ends
// the process with its usage.
import { parseArgs } from 'node:util';
import type { Size } from './catalog.ts';
import { DBS, type Db } from './db.ts';

export const { values: args } = parseArgs({
  options: {
    size: { type: 'string', default: 'small' },
    db: { type: 'string', default: 'sqlite' },
    'ingest-timeout': { type: 'string' },
    'skip-stock': { type: 'boolean', default: false },
    'generate-only': { type: 'boolean', default: false },
  },
});
export const SIZE_CHOICES: Record<string, Size[]> = {
  small: ['small'],
  large: ['large'],
  xlarge: ['xlarge'],
  both: ['small', 'large'],
  all: ['small', 'large', 'xlarge'],
};
export const ingestTimeoutArg =
  args['ingest-timeout'] === undefined
    ? undefined
    : Number(args['ingest-timeout']);
if (
  !SIZE_CHOICES[args.size!] ||
  !DBS.includes(args.db as Db) ||
  (ingestTimeoutArg !== undefined && !(ingestTimeoutArg > 0))
) {
  console.error(
    'usage: node bench/speed.ts [--size small|large|xlarge|both|all] [--db sqlite|postgres] ' +
      '[--ingest-timeout <minutes>] [--skip-stock] [--generate-only]',
  );
  process.exit(2);
}
export const SIZES = SIZE_CHOICES[args.size!];
export const DB = args.db as Db;
export const SKIP_STOCK = args['skip-stock']!;
export const REPS = Number(process.env.BENCH_REPS ?? 5);
export const COMPONENT_REF = 'component:default/payments-gateway';
/**
 * Ingestion bounds, per size (--ingest-timeout, in minutes, sets one for all). Atrium took ~18 min for large on
 * SQLite; xlarge has 3.4× its entities, so 3 h leaves it room. An app that does not finish in time is not
 * measured further: stock's rows then stay empty and the table says so.
 */
export const INGEST_TIMEOUT_MS: Record<Size, number> =
  ingestTimeoutArg !== undefined
    ? {
        small: ingestTimeoutArg * 60_000,
        large: ingestTimeoutArg * 60_000,
        xlarge: ingestTimeoutArg * 60_000,
      }
    : { small: 5 * 60_000, large: 60 * 60_000, xlarge: 180 * 60_000 };
