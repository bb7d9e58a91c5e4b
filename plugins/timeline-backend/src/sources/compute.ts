import { parseEntityRef } from '@backstage/catalog-model';
import {
  parseChangeCause,
  UNDEPLOYED_VERSION,
  type AppRevision,
  type AppView,
  type ComputeAuditRecord,
} from '@atrium/plugin-compute-common';
import type { ComputeService } from '@atrium/plugin-compute-node';
import type { TimelineEvent } from '@atrium/plugin-timeline-common';
import { approvalTitle } from './computeApprovals';
import type {
  TimelineSource,
  TimelineSourceQuery,
} from '@atrium/plugin-timeline-node';

type Event = Omit<TimelineEvent, 'source'>;
type RolloutKind = 'deploy' | 'rollback' | 'restart';

/** A page of the compute audit; the API allows up to 500. */
const ACTIVITY_PAGE = 200;
/** The most audit pages one request reads. */
const MAX_ACTIVITY_PAGES = 10;
/** How long before its revision an action may have been recorded and still be the one that made it. */
const MATCH_BEFORE_MS = 60_000;
/** ...and how long after (the controller may be slow to observe a change). */
const MATCH_AFTER_MS = 10 * 60_000;

const show = (value: unknown) =>
  value === undefined || value === null ? '–' : String(value);

function changes(record: ComputeAuditRecord): string | undefined {
  const keys = [
    ...new Set([
      ...Object.keys(record.before ?? {}),
      ...Object.keys(record.after ?? {}),
    ]),
  ];
  if (!keys.length) return undefined;
  return keys
    .map(k => `${k} ${show(record.before?.[k])} → ${show(record.after?.[k])}`)
    .join(', ');
}

/**
 * What made a revision, from its change cause as compute's actions write it: a rollback (with its target) or
 * a restart only in that form, anything else a deploy. `explained` says whether the cause was compute's own
 * `deploy <version>`; otherwise (the controller's `update`, a note written by hand) the event shows it.
 */
export function rolloutOf(revision: AppRevision): {
  kind: RolloutKind;
  target?: number;
  cause: string;
  explained: boolean;
} {
  const { written, text } = parseChangeCause(revision.changeCause);
  const cause = text || 'update';
  if (written?.kind === 'rollback') {
    return {
      kind: 'rollback',
      target: written.revision,
      cause,
      explained: true,
    };
  }
  if (written?.kind === 'restart') {
    return { kind: 'restart', cause, explained: true };
  }
  return { kind: 'deploy', cause, explained: written?.kind === 'deploy' };
}

function revisionEvent(
  app: AppView,
  revision: AppRevision,
): Event & { rollout: RolloutKind; atMs: number; version: string } {
  const { kind, target, cause, explained } = rolloutOf(revision);
  const where = `${app.name} in ${app.cluster}`;
  let title = `Deployed ${revision.version} to ${where}`;
  if (kind === 'rollback') {
    title = `Rolled ${where} back to revision ${target} (${revision.version})`;
  } else if (kind === 'restart') {
    title = `Restarted ${where}`;
  }
  const detail = [
    `revision ${revision.revision}`,
    `image ${revision.image}:${revision.version}`,
    ...(explained ? [] : [`rollout: ${cause}`]),
  ].join(', ');
  return {
    id: `revision:${app.cluster}/${app.namespace}/${app.name}/${revision.revision}`,
    kind,
    at: revision.createdAt,
    title,
    detail,
    cluster: app.cluster,
    app: app.name,
    rollout: kind,
    atMs: Date.parse(revision.createdAt),
    version: revision.version,
  };
}

function auditTitle(record: ComputeAuditRecord): string {
  const where = `${record.app} in ${record.cluster}`;
  const ok = record.result === 'succeeded';
  const after = record.after ?? {};
  switch (record.action) {
    case 'scale':
      return ok
        ? `Scaled ${where} to ${show(after.replicas)} replicas`
        : `Scaling ${where} to ${show(after.replicas)} replicas ${
            record.result
          }`;
    case 'scaler':
      return ok
        ? `Set the scaler bounds of ${where} to ${show(
            after.minReplicas,
          )}–${show(after.maxReplicas)}`
        : `Changing the scaler bounds of ${where} ${record.result}`;
    case 'deploy':
      return ok
        ? `Deployed ${show(after.version)} to ${where}`
        : `Deploying ${show(after.version)} to ${where} ${record.result}`;
    case 'rollback':
      return ok
        ? `Rolled ${where} back to revision ${show(after.revision)}`
        : `Rolling back ${where} ${record.result}`;
    case 'restart':
      return ok ? `Restarted ${where}` : `Restarting ${where} ${record.result}`;
    case 'create':
      return ok ? `Created ${where}` : `Creating ${where} ${record.result}`;
    case 'delete':
      return ok ? `Deleted ${where}` : `Deleting ${where} ${record.result}`;
    default:
      return `${String(record.action)} on ${where} ${record.result}`;
  }
}

function auditDetail(record: ComputeAuditRecord): string | undefined {
  const parts = [changes(record), record.message].filter(Boolean);
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * The compute source: a component's rollouts and its audited actions, read through the compute service with
 * the caller's credentials (so the compute backend applies its own permissions).
 *
 * - Every App's revisions in every cluster give `deploy`, `rollback` and `restart` events (from the revision's
 *   change cause; an `update` or unknown cause is a deploy with the cause in its detail).
 * - The steps of requests for approval (requested, approved, rejected, expired, failed) are `action` events.
 * - The audit, read newest first page by page down to the range's start, gives `scale` events for scaling and
 *   scaler bounds, `action` events for creating and deleting an App, and for deploys, rollbacks and restarts
 *   that failed or were denied. A
 *   successful one names its actor on the revision it made; when that revision is no longer in the App's
 *   history (it keeps the last 10) the action shows as a deploy, rollback or restart of its own.
 */
export function computeSource(compute: ComputeService): TimelineSource {
  return {
    id: 'compute',
    kinds: ['deploy', 'rollback', 'restart', 'scale', 'action'],
    async list(entityRef: string, query: TimelineSourceQuery) {
      const ref = parseEntityRef(entityRef);
      if (ref.kind.toLocaleLowerCase('en-US') !== 'component') return [];
      const component = ref;
      const on = { credentials: query.credentials };
      const fromMs = query.from.getTime();
      const toMs = query.to.getTime();
      const inRange = (ms: number) => ms >= fromMs && ms <= toMs;

      // The batched read: Apps without their pods, which the timeline does not need.
      const [[workloads], records] = await Promise.all([
        compute.getComponentsWorkloads([entityRef], on),
        (async () => {
          const all: ComputeAuditRecord[] = [];
          let before: number | undefined;
          for (let page = 0; page < MAX_ACTIVITY_PAGES; page++) {
            if (query.signal.aborted) break;
            const result = await compute.getComponentActivity(
              component,
              { limit: ACTIVITY_PAGE, before },
              on,
            );
            all.push(...result.items);
            const oldest = result.items[result.items.length - 1];
            // Newest first: stop at the range's start. Matching a revision may need a little before it.
            if (
              !result.nextBefore ||
              !oldest ||
              Date.parse(oldest.occurredAt) < fromMs - MATCH_BEFORE_MS
            ) {
              break;
            }
            before = result.nextBefore;
          }
          return all;
        })(),
      ]);

      const errors: string[] = [];
      const revisions: ReturnType<typeof revisionEvent>[] = [];
      for (const cluster of workloads?.clusters ?? []) {
        if (!cluster.ok) {
          errors.push(
            `${cluster.cluster.name}: ${cluster.error.reason}: ${cluster.error.message}`,
          );
          continue;
        }
        for (const app of cluster.apps) {
          for (const revision of app.status.revisions ?? []) {
            // An App created without a tag: its first revision deployed nothing.
            if (revision.version === UNDEPLOYED_VERSION) continue;
            revisions.push(revisionEvent(app, revision));
          }
        }
      }

      const events: Event[] = [];
      const claimed = new Set<string>();
      // Oldest first, so each action claims the earliest unclaimed revision it may have made.
      for (const record of [...records].sort((a, b) => a.id - b.id)) {
        const atMs = Date.parse(record.occurredAt);
        const base = {
          id: `audit:${record.id}`,
          at: record.occurredAt,
          actor: record.actor,
          cluster: record.cluster,
          app: record.app,
          result: record.result,
          title: auditTitle(record),
          detail: auditDetail(record),
        };
        // A step of a request for approval (requested, approved, rejected, expired, failed) is an action of its
        // own: it made no revision (an approved change's own record claims the revision it made).
        if (record.approval) {
          if (inRange(atMs)) {
            events.push({
              ...base,
              kind: 'action',
              title: approvalTitle({ ...record, approval: record.approval }),
              detail: record.message,
            });
          }
          continue;
        }
        if (record.action === 'scale' || record.action === 'scaler') {
          if (inRange(atMs)) events.push({ ...base, kind: 'scale' });
          continue;
        }
        // Creating and deleting an App make no revision: each is an action of its own.
        if (record.action === 'create' || record.action === 'delete') {
          if (inRange(atMs)) events.push({ ...base, kind: 'action' });
          continue;
        }
        if (record.result !== 'succeeded') {
          if (inRange(atMs)) events.push({ ...base, kind: 'action' });
          continue;
        }
        const made = revisions
          .filter(
            r =>
              !claimed.has(r.id) &&
              r.rollout === record.action &&
              r.cluster === record.cluster &&
              r.app === record.app &&
              r.atMs >= atMs - MATCH_BEFORE_MS &&
              r.atMs <= atMs + MATCH_AFTER_MS &&
              (record.action !== 'deploy' ||
                record.after?.version === undefined ||
                r.version === String(record.after.version)),
          )
          .sort((a, b) => a.atMs - b.atMs)[0];
        if (made) {
          claimed.add(made.id);
          made.actor = record.actor;
          made.result = record.result;
          const detail = auditDetail(record);
          if (detail) made.detail = `${made.detail}; ${detail}`;
        } else if (inRange(atMs)) {
          events.push({ ...base, kind: record.action });
        }
      }
      for (const { rollout, atMs, version, ...event } of revisions) {
        if (inRange(atMs)) events.push(event);
      }
      events.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
      return { items: events.slice(0, query.limit), errors };
    },
  };
}
