import type { Knex } from 'knex';
import { APP_READY_ACTION, TEMPLATE_RUN_ACTION } from './actions';

/** An event row as `EventStore` stores it (the columns template runs need). */
export interface StoredEventRow {
  ts: number;
  day: string;
  action: string;
  attributes: string | null;
  task_id: string | null;
  entity_ref: string | null;
}

/** How a run and its app's Ready step are linked: the scaffolder task, or the entity the run created. */
const LINKS = ['task_id', 'entity_ref'] as const;
/** Values a statement looks up at most (bound parameters). */
const LOOKUP_CHUNK = 250;

type Link = (typeof LINKS)[number];
type Stamped = { ts: number } & Record<Link, string | null>;

/** The rows of `table` (`action` if given) whose link column is one of `values`, with their ts and links. */
async function linked(
  tx: Knex.Transaction,
  table: string,
  column: Link,
  values: string[],
  select: string[],
  where?: Record<string, string>,
): Promise<Array<Record<string, any>>> {
  const rows: Array<Record<string, any>> = [];
  for (let i = 0; i < values.length; i += LOOKUP_CHUNK) {
    const query = tx(table)
      .select(select)
      .whereIn(column, values.slice(i, i + LOOKUP_CHUNK));
    if (where) query.where(where);
    rows.push(...(await query));
  }
  return rows;
}

const valuesOf = (rows: Stamped[], column: Link) => [
  ...new Set(rows.flatMap(r => (r[column] === null ? [] : [r[column]!]))),
];

/**
 * Keeps `adoption_template_runs` (one row per run, with when its app was first ready) up to date with a batch's
 * events, in the batch's transaction and after its events are stored. A run's app is first ready at the earliest
 * app-ready event at or after the run with the same task id or the same entity ref, whichever order the two
 * arrive in: new runs look their ready time up among the stored events (a query per link for the whole batch);
 * app-ready events move the ready time of the stored runs they are now the earliest for.
 */
export async function recordTemplateRuns(
  tx: Knex.Transaction,
  rows: StoredEventRow[],
): Promise<void> {
  const runs = rows.filter(r => r.action === TEMPLATE_RUN_ACTION);
  if (runs.length > 0) {
    const readies: Stamped[] = [];
    for (const column of LINKS) {
      const found = await linked(
        tx,
        'adoption_events',
        column,
        valuesOf(runs, column),
        ['ts', 'task_id', 'entity_ref'],
        { action: APP_READY_ACTION },
      );
      readies.push(...found.map(r => ({ ...r, ts: Number(r.ts) } as Stamped)));
    }
    await tx('adoption_template_runs').insert(
      runs.map(run => ({
        ts: run.ts,
        day: run.day,
        ...runAttributes(run.attributes),
        task_id: run.task_id,
        entity_ref: run.entity_ref,
        ready_ts: firstReadyAfter(run, readies),
      })),
    );
  }
  const readies = rows.filter(r => r.action === APP_READY_ACTION);
  if (readies.length === 0) return;
  const stored = new Map<string, Stamped & { ready: number | null }>();
  for (const column of LINKS) {
    for (const r of await linked(
      tx,
      'adoption_template_runs',
      column,
      valuesOf(readies, column),
      ['id', 'ts', 'task_id', 'entity_ref', 'ready_ts'],
    )) {
      stored.set(String(r.id), {
        ts: Number(r.ts),
        task_id: r.task_id,
        entity_ref: r.entity_ref,
        ready: r.ready_ts === null ? null : Number(r.ready_ts),
      });
    }
  }
  for (const [id, run] of stored) {
    const ready = firstReadyAfter(run, readies);
    if (ready !== null && (run.ready === null || ready < run.ready)) {
      await tx('adoption_template_runs')
        .update({ ready_ts: ready })
        .where({ id });
    }
  }
}

/** The earliest of `readies` at or after the run, linked to it by task id or entity ref; null for none. */
function firstReadyAfter(run: Stamped, readies: Stamped[]): number | null {
  let first: number | null = null;
  for (const ready of readies) {
    const linkedToRun = LINKS.some(c => run[c] !== null && ready[c] === run[c]);
    if (
      linkedToRun &&
      ready.ts >= run.ts &&
      (first === null || ready.ts < first)
    ) {
      first = ready.ts;
    }
  }
  return first;
}

/** A run's template and outcome, from its attributes (JSON text as stored). */
function runAttributes(attributes: string | null) {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(attributes ?? '{}') ?? {};
  } catch {
    // stored attributes are always JSON; a run without them has no template or outcome
  }
  return {
    template_ref: String(parsed.templateRef ?? 'unknown').slice(0, 512),
    outcome:
      parsed.outcome === undefined
        ? null
        : String(parsed.outcome).slice(0, 100),
  };
}
