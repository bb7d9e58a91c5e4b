/**
 * Compute actions under a fault (tests/ha-faults.test.ts): one sequential client per App scales it through
 * HAProxy, as an owner clicking Scale would, while the fault happens; afterwards every action is matched with
 * what the cluster (the simulator, read directly) and the compute audit (compute_audit in PostgreSQL) hold, so a
 * lost or doubled action is seen.
 *
 * How an action is told apart from the others: each client reads its App in the cluster just before each POST
 * (spec.replicas and metadata.generation) and scales it to another count than the current one. So the cluster's
 * state before the next POST (or at the end) says whether the action was applied (the count it asked for) and
 * how often (generation moved by one, not two), and its audit row is the one written between its POST and the
 * next (the rows' occurred_at against the client's clock: one machine), whose before/after must be its own.
 */
import assert from 'node:assert/strict';
import type { Postgres } from '../postgres.ts';
import { appPath, kubeGet, type SimulatedCluster } from '../compute.ts';
import { sleep } from '../proc.ts';

export interface SentAction {
  app: string;
  /** The client's clock (ms since the epoch) when the POST was sent; its audit row comes after. */
  sentAt: number;
  /** ms since the stream started, when the POST was sent. */
  at: number;
  /** The App's replicas in the cluster just before, and the count asked for (never the same). */
  from: number;
  to: number;
  /** The App's metadata.generation in the cluster just before. */
  generation: number;
  /** The HTTP status; 0 when no answer came. */
  status: number;
  servedBy: string | null;
  /** The audit record's id, from a 2xx answer. */
  recordId?: number;
  detail?: string;
}

export interface ActionStream {
  namespace: string;
  apps: string[];
  actions: SentAction[];
  /** Each App's replicas and generation in the cluster once every client had stopped. */
  finals: Map<string, { replicas: number; generation: number }>;
  /** The compute audit's last id before the stream: its rows come after. */
  auditAfterId: number;
}

/** A compute audit row, as readAudit returns it. */
export interface AuditRow {
  id: number;
  /** occurred_at, ms since the epoch. */
  at: number;
  app: string;
  action: string;
  result: string;
  before: { replicas?: number } | null;
  after: { replicas?: number } | null;
  message: string | null;
}

const AUDIT_DB = 'backstage_plugin_compute';

/** The compute audit's last id (0 when empty). */
export async function lastAuditId(postgres: Postgres): Promise<number> {
  return Number(
    await postgres.query(
      AUDIT_DB,
      'select coalesce(max(id), 0) from compute_audit',
    ),
  );
}

/** The compute audit's rows about `stream`'s Apps written since it started, oldest first. */
export async function readAudit(
  postgres: Postgres,
  stream: ActionStream,
): Promise<AuditRow[]> {
  const apps = stream.apps.map(a => `'${a.replace(/'/g, "''")}'`).join(', ');
  const json = await postgres.query(
    AUDIT_DB,
    `select coalesce(json_agg(json_build_object('id', id, 'at', (extract(epoch from occurred_at) * 1000)::bigint,
       'app', app, 'action', action, 'result', result, 'before', before, 'after', after, 'message', message)
       order by id), '[]') from compute_audit
     where id > ${stream.auditAfterId} and namespace = '${stream.namespace}' and app in (${apps})`,
  );
  return (JSON.parse(json) as any[]).map(r => ({
    ...r,
    at: Number(r.at),
    before: r.before ? JSON.parse(r.before) : null,
    after: r.after ? JSON.parse(r.after) : null,
  }));
}

/**
 * Scales each of `apps` (in `namespace` of `cluster`, owned by the token's user) one action after another
 * through `baseUrl` until `until()` says stop or `durationMs` has passed. Each action: the App read from the
 * cluster (the truth, for the check), then through Atrium (its resourceVersion, as the Compute tab shows it;
 * when Atrium does not answer, the cluster's, as on a page loaded earlier), then POST …/scale to the next of
 * `counts` that is not the current count.
 */
export async function runActionStream(options: {
  baseUrl: string;
  token: string;
  cluster: SimulatedCluster;
  namespace: string;
  apps: string[];
  counts: number[];
  durationMs: number;
  until?: () => boolean;
  /** Pause between one client's actions (default 250 ms). */
  pauseMs?: number;
  auditAfterId: number;
  /** Where the sent actions go as they are sent, so a caller can follow the stream while it runs. */
  actions?: SentAction[];
}): Promise<ActionStream> {
  const started = Date.now();
  const deadline = started + options.durationMs;
  const done = () => Date.now() >= deadline || !!options.until?.();
  const actions: SentAction[] = options.actions ?? [];
  const clusterPath = `/api/compute/clusters/${options.cluster.name}/namespaces/${options.namespace}/apps`;
  const auth = { authorization: `Bearer ${options.token}` };

  const client = async (app: string) => {
    let next = 0;
    // Bounded by time, and by count (a client that never waits could otherwise spin).
    for (let n = 0; n < 2_000 && !done(); n++) {
      const inCluster = await kubeGet(
        options.cluster,
        appPath(options.namespace, app),
      ).catch(() => undefined);
      if (!inCluster) {
        await sleep(200);
        continue;
      }
      let resourceVersion: string = inCluster.metadata.resourceVersion;
      try {
        const view = await fetch(`${options.baseUrl}${clusterPath}/${app}`, {
          headers: auth,
          signal: AbortSignal.timeout(15_000),
        });
        if (view.status === 200) {
          resourceVersion = ((await view.json()) as any).resourceVersion;
        } else await view.arrayBuffer();
      } catch {
        // Atrium did not answer: the resourceVersion a page loaded earlier would hold.
      }
      const from: number = inCluster.spec.replicas;
      while (options.counts[next % options.counts.length] === from) next++;
      const to = options.counts[next++ % options.counts.length];
      const sentAt = Date.now();
      const action: SentAction = {
        app,
        sentAt,
        at: sentAt - started,
        from,
        to,
        generation: inCluster.metadata.generation,
        status: 0,
        servedBy: null,
      };
      actions.push(action);
      try {
        const res = await fetch(
          `${options.baseUrl}${clusterPath}/${app}/scale`,
          {
            method: 'POST',
            headers: { ...auth, 'content-type': 'application/json' },
            body: JSON.stringify({ resourceVersion, replicas: to }),
            // Longer than a PostgreSQL restart, so an answer that comes is not mistaken for none.
            signal: AbortSignal.timeout(40_000),
          },
        );
        action.status = res.status;
        action.servedBy = res.headers.get('x-served-by');
        const text = await res.text();
        if (res.ok) action.recordId = JSON.parse(text).record?.id;
        else action.detail = text.slice(0, 200);
      } catch (error) {
        action.detail = String((error as Error).cause ?? error);
      }
      await sleep(options.pauseMs ?? 250);
    }
  };
  await Promise.all(options.apps.map(client));

  const finals = new Map<string, { replicas: number; generation: number }>();
  for (const app of options.apps) {
    const inCluster = await kubeGet(
      options.cluster,
      appPath(options.namespace, app),
    );
    finals.set(app, {
      replicas: inCluster.spec.replicas,
      generation: inCluster.metadata.generation,
    });
  }
  return {
    namespace: options.namespace,
    apps: options.apps,
    actions,
    finals,
    auditAfterId: options.auditAfterId,
  };
}

/** What checkActions found: the problems (none when every action was applied and audited as it should be). */
export interface ActionCheck {
  problems: string[];
  /** For the console: how many of each outcome. */
  summary: string;
  /** The actions with no answer or a 5xx (those in flight at the fault), each with what became of it. */
  unanswered: Array<SentAction & { applied: boolean; audited: number }>;
}

const describe = (a: SentAction) =>
  `${a.app} ${a.from}→${a.to} sent at ${a.at} ms (${a.status || 'no answer'}${
    a.servedBy ? ` from ${a.servedBy}` : ''
  }${a.detail ? `: ${a.detail}` : ''})`;

/**
 * Matches every action with the cluster's state after it and its audit rows:
 * - 2xx: applied once (the count asked for, generation + 1) and audited once as succeeded with its own
 *   before/after and the record id its answer gave;
 * - 4xx: refused: not applied, at most one audit row, not a success;
 * - no answer or 5xx (in flight at the fault): applied at most once, at most one audit row, and a row saying
 *   succeeded only if it was applied. Counted in the summary.
 * Any audit row not written during one of the actions is a problem too (an action audited twice or late).
 */
export function checkActions(
  stream: ActionStream,
  rows: AuditRow[],
): ActionCheck {
  const problems: string[] = [];
  const unanswered: ActionCheck['unanswered'] = [];
  const counts = { ok: 0, refused: 0 };
  const refusedBy: Record<number, number> = {};
  for (const app of stream.apps) {
    const sent = stream.actions
      .filter(a => a.app === app)
      .sort((a, b) => a.sentAt - b.sentAt);
    const final = stream.finals.get(app)!;
    // Each row goes to the last action sent before it was written (occurred_at has ms precision; allow 1 ms).
    const rowsOf = new Map<SentAction, AuditRow[]>();
    for (const row of rows.filter(r => r.app === app)) {
      const owner = sent.filter(a => a.sentAt <= row.at + 1).pop();
      if (!owner) {
        problems.push(
          `audit row ${row.id} (${app} ${row.result}) written before any action of the stream`,
        );
        continue;
      }
      rowsOf.set(owner, [...(rowsOf.get(owner) ?? []), row]);
    }
    sent.forEach((action, i) => {
      const after = sent[i + 1]
        ? { replicas: sent[i + 1].from, generation: sent[i + 1].generation }
        : final;
      const applied = after.replicas === action.to;
      const moved = after.generation - action.generation;
      const own = rowsOf.get(action) ?? [];
      const what = describe(action);
      if (moved !== (applied ? 1 : 0)) {
        problems.push(
          `${what}: the App's generation moved by ${moved} (applied: ${applied}) — written twice, or by something else`,
        );
      }
      if (own.length > 1) {
        problems.push(
          `${what}: audited ${own.length} times (rows ${own
            .map(r => `${r.id} ${r.result}`)
            .join(', ')})`,
        );
      }
      if (action.status >= 200 && action.status < 300) {
        counts.ok += 1;
        if (!applied) problems.push(`${what}: answered 2xx but not applied`);
        const [row] = own;
        if (own.length === 0) {
          problems.push(`${what}: answered 2xx but not audited`);
        } else if (
          row.result !== 'succeeded' ||
          row.before?.replicas !== action.from ||
          row.after?.replicas !== action.to ||
          (action.recordId !== undefined && row.id !== action.recordId)
        ) {
          problems.push(
            `${what}: answered 2xx (record ${
              action.recordId
            }) but audited as ${JSON.stringify(row)}`,
          );
        }
      } else if (action.status >= 400 && action.status < 500) {
        counts.refused += 1;
        refusedBy[action.status] = (refusedBy[action.status] ?? 0) + 1;
        if (applied) problems.push(`${what}: refused but applied`);
        if (own.some(r => r.result === 'succeeded'))
          problems.push(`${what}: refused but audited as succeeded`);
      } else {
        unanswered.push({ ...action, applied, audited: own.length });
        if (own.some(r => r.result === 'succeeded') && !applied)
          problems.push(`${what}: audited as succeeded but not applied`);
      }
    });
  }
  const appliedUnanswered = unanswered.filter(a => a.applied);
  const summary =
    `${stream.actions.length} compute actions: ${counts.ok} answered 2xx, ` +
    `${counts.refused} refused ${JSON.stringify(refusedBy)}, ${
      unanswered.length
    } without an answer or with a 5xx ` +
    `(${appliedUnanswered.length} of them applied once, ${
      unanswered.filter(a => a.audited > 0).length
    } audited${
      appliedUnanswered.some(a => a.audited === 0)
        ? `, ${
            appliedUnanswered.filter(a => a.audited === 0).length
          } applied but not audited`
        : ''
    })`;
  return { problems, summary, unanswered };
}

/**
 * The summary of a stream's check, for the log: what was sent and found, then each problem, each action left
 * unanswered that may have been applied (in flight at a kill, or applied), and each refusal.
 */
export function actionsReport(
  stream: ActionStream,
  check: ActionCheck,
  when: string,
): string {
  const refused = stream.actions.filter(a => a.status >= 400 && a.status < 500);
  return `${when}: ${check.summary}${[
    ...check.problems,
    // Those in flight at a kill, and any applied; not each 500 while PostgreSQL is down (counted above).
    ...check.unanswered
      .filter(a => a.applied || a.audited || a.status === 0 || a.status === 502)
      .map(
        a =>
          `unanswered: ${a.app} ${a.from}→${a.to} sent at ${a.at} ms, ${
            a.status || 'no answer'
          }${a.detail ? ` (${a.detail.slice(0, 120)})` : ''}: ${
            a.applied ? 'applied once' : 'not applied'
          }, ${a.audited} audit row(s)`,
      ),
    ...refused.map(
      a => `refused: ${a.app} at ${a.at} ms: ${a.status} ${a.detail}`,
    ),
  ]
    .map(p => `\n  ${p}`)
    .join('')}`;
}

/** Fails, listing them, when the check found actions lost or doubled. */
export const assertNoActionLost = (check: ActionCheck) =>
  assert.deepEqual(
    check.problems,
    [],
    `compute actions lost or doubled:\n${check.problems.join('\n')}`,
  );
