/**
 * The App controller (the simulator's Deployment controller): keeps an App's revision history, rolls its pods
 * from one revision to the next (RollingUpdate within maxSurge/maxUnavailable, or Recreate), scales them, fails a
 * rollout that stops progressing, and writes the App's status. Pods are made and removed through the pod
 * controller (pods.ts).
 */
import { isoNow } from '../clock';
import { CORE } from '../coreTypes';
import { copyStored, StoredObject } from '../types';
import {
  ControllerContext,
  LABEL,
  ownedBy,
  podReady,
  Revision,
} from './context';
import { PodController } from './pods';

const CHANGE_CAUSE = 'compute.atrium.dev/change-cause';
const MAX_REVISIONS = 10;

interface AppSim {
  restartedAt?: string;
  lastProgressTick: number;
  lastReadyNew: number;
  rolloutActive: boolean;
  failed: boolean;
}

export class AppController {
  private readonly apps = new Map<string, AppSim>();

  constructor(
    private readonly ctx: ControllerContext,
    private readonly pods: PodController,
    /** Ticks without rollout progress before a rollout fails with ProgressDeadlineExceeded. */
    private readonly deadline: number,
  ) {}

  private get cluster() {
    return this.ctx.cluster;
  }

  private get appType() {
    return this.ctx.appType;
  }

  private get tickCount() {
    return this.ctx.ticks();
  }

  /** Forgets the state of Apps that are gone. */
  forget(liveApps: Set<string>) {
    for (const uid of [...this.apps.keys()])
      if (!liveApps.has(uid)) this.apps.delete(uid);
  }

  private appState(app: StoredObject): AppSim {
    let state = this.apps.get(app.metadata.uid!);
    if (!state) {
      state = {
        restartedAt: (app.spec as any).restartedAt,
        lastProgressTick: this.tickCount,
        lastReadyNew: 0,
        rolloutActive: true,
        failed: false,
      };
      this.apps.set(app.metadata.uid!, state);
    }
    return state;
  }

  reconcile(app: StoredObject, instant: boolean) {
    const spec = app.spec as any;
    const status = { ...((app.status as any) ?? {}) };
    const state = this.appState(app);
    const revisions: Revision[] = [...(status.revisions ?? [])];
    let current =
      revisions.find(r => r.revision === status.currentRevision) ??
      revisions[revisions.length - 1];
    const restartChanged =
      (spec.restartedAt ?? '') !== (state.restartedAt ?? '');
    if (
      !current ||
      current.image !== spec.image ||
      current.version !== spec.version ||
      restartChanged
    ) {
      const number = Math.max(0, ...revisions.map(r => r.revision)) + 1;
      current = {
        revision: number,
        image: spec.image,
        version: spec.version,
        createdAt: isoNow(),
        changeCause: app.metadata.annotations?.[CHANGE_CAUSE] ?? 'update',
      };
      revisions.push(current);
      status.revisions = revisions.slice(-MAX_REVISIONS);
      status.currentRevision = number;
      state.restartedAt = spec.restartedAt;
      state.lastProgressTick = this.tickCount;
      state.lastReadyNew = 0;
      state.rolloutActive = true;
      state.failed = false;
    }
    if (
      status.observedGeneration !== app.metadata.generation &&
      !state.rolloutActive
    ) {
      state.rolloutActive = true;
      state.lastProgressTick = this.tickCount;
    }

    const revisionLabel = String(current.revision);
    const all = () =>
      this.cluster.store
        .scan(CORE.pods, app.metadata.namespace)
        .filter(p => ownedBy(p, app));
    const split = () => {
      const pods = all();
      return {
        fresh: pods.filter(
          p => p.metadata.labels?.[LABEL.revision] === revisionLabel,
        ),
        old: pods.filter(
          p => p.metadata.labels?.[LABEL.revision] !== revisionLabel,
        ),
      };
    };
    const desired: number = spec.replicas;
    let failedCreate: string | undefined;
    let progressed = false;

    const create = (count: number) => {
      let created = 0;
      for (let i = 0; i < count; i++) {
        const error = this.pods.create(app, current!, instant);
        if (error) {
          failedCreate = error;
          break;
        }
        created++;
      }
      return created;
    };
    const remove = (pods: StoredObject[], count: number) => {
      const victims = [...pods]
        .sort(
          (a, b) =>
            Number(podReady(a)) - Number(podReady(b)) ||
            b.metadata.name.localeCompare(a.metadata.name),
        )
        .slice(0, Math.max(0, count));
      for (const pod of victims) this.pods.delete(pod);
      return victims.length;
    };
    const scaled = (revision: string, before: number, after: number) => {
      if (after === before) return;
      progressed = true;
      this.cluster.recordEvent(
        app,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${
          after > before ? 'up' : 'down'
        } revision ${revision} to ${after}`,
      );
    };
    const scaleFresh = (fresh: StoredObject[]) => {
      if (fresh.length < desired)
        scaled(
          revisionLabel,
          fresh.length,
          fresh.length + create(desired - fresh.length),
        );
      else if (fresh.length > desired)
        scaled(
          revisionLabel,
          fresh.length,
          fresh.length - remove(fresh, fresh.length - desired),
        );
    };
    const scaleOldDown = (old: StoredObject[], count: number) => {
      const byRevision = new Map<string, StoredObject[]>();
      for (const p of old) {
        const r = p.metadata.labels?.[LABEL.revision] ?? '?';
        byRevision.set(r, [...(byRevision.get(r) ?? []), p]);
      }
      let left = count;
      // Unready pods go first, across revisions.
      for (const [r, pods] of byRevision) {
        const unready = pods.filter(p => !podReady(p));
        const n = remove(unready, Math.min(left, unready.length));
        left -= n;
        const remaining = pods.length - n;
        const readyPods = pods.filter(p => podReady(p));
        const m =
          left > 0 ? remove(readyPods, Math.min(left, readyPods.length)) : 0;
        left -= m;
        scaled(r, pods.length, remaining - m);
      }
    };

    const strategy = spec.strategy ?? { type: 'RollingUpdate' };
    let { fresh, old } = split();
    if (strategy.type === 'Recreate') {
      if (old.length > 0) scaleOldDown(old, old.length);
      else scaleFresh(fresh);
    } else if (old.length === 0) {
      scaleFresh(fresh);
    } else {
      let maxSurge = strategy.maxSurge ?? 1;
      const maxUnavailable = strategy.maxUnavailable ?? 0;
      if (maxSurge === 0 && maxUnavailable === 0) maxSurge = 1;
      const total = fresh.length + old.length;
      const up = Math.min(desired - fresh.length, desired + maxSurge - total);
      if (up > 0)
        scaled(revisionLabel, fresh.length, fresh.length + create(up));
      else if (fresh.length > desired)
        scaled(
          revisionLabel,
          fresh.length,
          fresh.length - remove(fresh, fresh.length - desired),
        );
      ({ fresh, old } = split());
      const minAvailable = desired - maxUnavailable;
      const freshUnavailable = fresh.filter(p => !podReady(p)).length;
      const maxScaledDown =
        fresh.length + old.length - minAvailable - freshUnavailable;
      if (maxScaledDown > 0) scaleOldDown(old, maxScaledDown);
    }

    // Status from the pods as they are now.
    ({ fresh, old } = split());
    const ready = [...fresh, ...old].filter(podReady).length;
    const readyFresh = fresh.filter(podReady).length;
    if (readyFresh > state.lastReadyNew) progressed = true;
    state.lastReadyNew = readyFresh;
    const complete =
      old.length === 0 && fresh.length === desired && readyFresh === desired;
    if (progressed || complete) state.lastProgressTick = this.tickCount;
    if (complete) {
      state.rolloutActive = false;
      state.failed = false;
    } else if (
      state.rolloutActive &&
      this.tickCount - state.lastProgressTick > this.deadline
    ) {
      if (!state.failed) {
        this.cluster.recordEvent(
          app,
          'Warning',
          'ProgressDeadlineExceeded',
          `App "${app.metadata.name}" revision ${current.revision} has timed out progressing`,
        );
      }
      state.failed = true;
    }
    if (failedCreate) {
      this.cluster.recordEvent(app, 'Warning', 'FailedCreate', failedCreate);
    }

    const maxUnavailable =
      strategy.type === 'Recreate' ? desired : strategy.maxUnavailable ?? 0;
    let phase: string;
    if (complete) phase = 'Running';
    else if (state.failed) phase = 'Failed';
    else if (state.rolloutActive) phase = 'Progressing';
    else phase = 'Degraded';

    const name = app.metadata.name;
    let progressing: Record<string, string>;
    if (state.failed && !complete) {
      progressing = {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `App "${name}" revision ${current.revision} has timed out progressing.`,
      };
    } else if (complete || !state.rolloutActive) {
      progressing = {
        type: 'Progressing',
        status: 'True',
        reason: 'NewRevisionAvailable',
        message: `App "${name}" revision ${current.revision} has successfully progressed.`,
      };
    } else {
      progressing = {
        type: 'Progressing',
        status: 'True',
        reason: 'RevisionUpdated',
        message: `App "${name}" is progressing to revision ${current.revision}.`,
      };
    }
    const conditions = [
      ready >= desired - maxUnavailable
        ? {
            type: 'Available',
            status: 'True',
            reason: 'MinimumReplicasAvailable',
            message: 'App has minimum availability.',
          }
        : {
            type: 'Available',
            status: 'False',
            reason: 'MinimumReplicasUnavailable',
            message: 'App does not have minimum availability.',
          },
      progressing,
      ...(failedCreate
        ? [
            {
              type: 'ReplicaFailure',
              status: 'True',
              reason: 'FailedCreate',
              message: failedCreate,
            },
          ]
        : []),
    ].map(c => {
      const before = (status.conditions ?? []).find(
        (p: any) => p.type === c.type,
      );
      return {
        ...c,
        lastTransitionTime:
          before && before.status === c.status
            ? before.lastTransitionTime
            : isoNow(),
      };
    });

    const nextStatus = {
      ...status,
      phase,
      observedGeneration: app.metadata.generation,
      replicas: fresh.length + old.length,
      readyReplicas: ready,
      updatedReplicas: fresh.length,
      availableReplicas: ready,
      conditions,
    };
    const latest = this.cluster.store.peek(
      this.appType,
      app.metadata.namespace,
      name,
    );
    if (latest && latest.metadata.uid === app.metadata.uid) {
      this.cluster.store.update(this.appType, {
        ...copyStored(latest),
        status: nextStatus,
      });
    }
  }
}
