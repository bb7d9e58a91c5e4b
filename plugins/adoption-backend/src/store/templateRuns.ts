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

const READY_LINKS = ['task_id', 'entity_ref'] as const;

/**
 * Keeps `adoption_template_runs` (one row per run, with when its app was first ready) up to date with a batch's
 * events, in the batch's transaction and after its events are stored. A run's app is first ready at the earliest
 * app-ready event at or after the run with the same task id or the same entity ref, whichever order the two
 * arrive in: a new run looks its ready time up among the stored events (through their task id and entity ref
 * indexes); an app-ready event moves the ready time of the runs it is the earliest for.
 */
export async function recordTemplateRuns(
  tx: Knex.Transaction,
  rows: StoredEventRow[],
): Promise<void> {
  for (const row of rows) {
    if (row.action === TEMPLATE_RUN_ACTION) {
      await tx('adoption_template_runs').insert({
        ts: row.ts,
        day: row.day,
        ...runAttributes(row.attributes),
        task_id: row.task_id,
        entity_ref: row.entity_ref,
        ready_ts: await firstReadyAfter(tx, row),
      });
    }
  }
  for (const row of rows) {
    if (row.action !== APP_READY_ACTION) continue;
    for (const column of READY_LINKS) {
      const value = row[column];
      if (value === null) continue;
      await tx('adoption_template_runs')
        .update({ ready_ts: row.ts })
        .where(column, value)
        .where('ts', '<=', row.ts)
        .where(q => q.whereNull('ready_ts').orWhere('ready_ts', '>', row.ts));
    }
  }
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

async function firstReadyAfter(
  tx: Knex.Transaction,
  run: StoredEventRow,
): Promise<number | null> {
  let first: number | null = null;
  for (const column of READY_LINKS) {
    const value = run[column];
    if (value === null) continue;
    const [found] = await tx('adoption_events')
      .min({ ready: 'ts' })
      .where({ action: APP_READY_ACTION, [column]: value })
      .where('ts', '>=', run.ts);
    if (found?.ready === null || found?.ready === undefined) continue;
    const ready = Number(found.ready);
    if (first === null || ready < first) first = ready;
  }
  return first;
}
