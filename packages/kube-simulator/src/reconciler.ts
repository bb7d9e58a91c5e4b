import { createHash } from 'node:crypto';
import { ClusterState } from './cluster';
import { CORE } from './coreTypes';
import { stableHash } from './logs';
import { formatResource } from '@atrium/plugin-compute-common';
import { quotaExceeded } from './quota';
import { Cron, parseCron, parseDuration, scheduleActive } from './schedule';
import { copyStored, KubeObject, ResourceType, StoredObject } from './types';

export interface ReconcilerOptions {
  /** Ticks from a pod's creation until it is Ready (healthy images). Default 2. */
  readyAfterTicks?: number;
  /** Ticks without rollout progress before an App's rollout fails with ProgressDeadlineExceeded. Default 20. */
  progressDeadlineTicks?: number;
  /** Ticks between restarts of a crash-looping container. Default 2. */
  crashEveryTicks?: number;
}

const LABEL = {
  component: 'compute.atrium.dev/component',
  team: 'compute.atrium.dev/team',
  app: 'compute.atrium.dev/app',
  revision: 'compute.atrium.dev/revision',
};
const CHANGE_CAUSE = 'compute.atrium.dev/change-cause';
/** Simulator-only App annotation: the CPU utilisation (percent of requests) the Scaler sees. */
export const CPU_UTILIZATION_ANNOTATION =
  'sim.compute.atrium.dev/cpu-utilization';
const MAX_REVISIONS = 10;
const POD_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

interface PodSim {
  createdTick: number;
  bad: boolean;
  restarts: number;
}

interface AppSim {
  restartedAt?: string;
  lastProgressTick: number;
  lastReadyNew: number;
  rolloutActive: boolean;
  failed: boolean;
}

interface Revision {
  revision: number;
  image: string;
  version: string;
  createdAt: string;
  changeCause?: string;
}

const isoNow = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const podReady = (pod: StoredObject) =>
  ((pod.status as any)?.conditions ?? []).some(
    (c: any) => c.type === 'Ready' && c.status === 'True',
  );
const ownedBy = (pod: StoredObject, owner: StoredObject) =>
  (pod.metadata.ownerReferences ?? []).some(r => r.uid === owner.metadata.uid);

/**
 * The simulated controllers: turns Apps into pods (revisions, rolling updates, crash loops, quota admission)
 * and Scalers into App replica counts, a tick at a time. Everything is deterministic except names' uids.
 *
 * It reads the store without copies (`scan`, `peek`: a tick looks at every pod and App, many times over) and
 * writes through `update`, `create` and the cluster's operations; an object it changes is a copy.
 */
export class Reconciler {
  private tickCount = 0;
  private podCounter = 0;
  private readonly pods = new Map<string, PodSim>();
  private readonly apps = new Map<string, AppSim>();
  private readonly loads = new Map<
    string,
    { annotation: string; load: number }
  >();
  private readonly crons = new Map<string, Cron | null>();
  private readonly readyAfter: number;
  private readonly deadline: number;
  private readonly crashEvery: number;
  private readonly appType: ResourceType;
  private readonly scalerType: ResourceType;

  constructor(
    private readonly cluster: ClusterState,
    options: ReconcilerOptions = {},
  ) {
    this.readyAfter = Math.max(1, options.readyAfterTicks ?? 2);
    this.deadline = Math.max(1, options.progressDeadlineTicks ?? 20);
    this.crashEvery = Math.max(1, options.crashEveryTicks ?? 2);
    this.appType = cluster.customType('apps');
    this.scalerType = cluster.customType('scalers');
  }

  get ticks() {
    return this.tickCount;
  }

  /**
   * The CPU utilisation (percent of requests) a Scaler following the App sees now: the load its annotation set,
   * spread over the current replicas. Undefined where no Scaler follows an annotated App.
   */
  cpuUtilization(app: StoredObject): number | undefined {
    const load = this.loads.get(app.metadata.uid!);
    const replicas = (app.spec as any)?.replicas;
    return load && replicas > 0 ? load.load / replicas : undefined;
  }

  /** Start-up: seed Apps get their pods Ready at once, so a fresh simulator is not empty. */
  bootstrap() {
    for (const scaler of this.cluster.store.scan(this.scalerType))
      this.safely(scaler, () => this.reconcileScaler(scaler));
    for (const app of this.cluster.store.scan(this.appType))
      this.safely(app, () => this.reconcileApp(app, true));
  }

  /** The last reconcile errors, newest last (a simulator bug or an odd object must not stop the timer). */
  readonly errors: string[] = [];

  private safely(object: StoredObject, fn: () => void) {
    try {
      fn();
    } catch (e) {
      this.errors.push(
        `${object.kind} ${object.metadata.namespace}/${object.metadata.name}: ${
          (e as Error)?.message ?? e
        }`,
      );
      if (this.errors.length > 50) this.errors.shift();
    }
  }

  /** One reconcile pass over the whole cluster. */
  tick() {
    this.tickCount++;
    const store = this.cluster.store;
    for (const scaler of store.scan(this.scalerType))
      this.safely(scaler, () => this.reconcileScaler(scaler));
    for (const pod of store.scan(CORE.pods))
      this.safely(pod, () => this.advancePod(pod));
    const apps = store.scan(this.appType);
    this.collectGarbage(new Set(apps.map(a => a.metadata.uid!)));
    for (const app of apps)
      this.safely(app, () => this.reconcileApp(app, false));
    for (const [name] of this.pods) {
      // Forget pods deleted through the API.
      if (!this.podExists(name)) this.pods.delete(name);
    }
  }

  /** Deletes pods whose App is gone, as Kubernetes' garbage collector does with owner references. */
  private collectGarbage(liveApps: Set<string>) {
    for (const pod of this.cluster.store.scan(CORE.pods)) {
      const owner = (pod.metadata.ownerReferences ?? []).find(
        r => r.kind === 'App' && r.controller,
      );
      if (owner && !liveApps.has(owner.uid))
        this.safely(pod, () => this.deletePod(pod));
    }
    for (const uid of [...this.apps.keys()])
      if (!liveApps.has(uid)) this.apps.delete(uid);
    for (const uid of [...this.loads.keys()])
      if (!liveApps.has(uid)) this.loads.delete(uid);
  }

  private podExists(key: string) {
    const [ns, name] = key.split('/');
    return this.cluster.store.peek(CORE.pods, ns, name) !== undefined;
  }

  // --- Apps ------------------------------------------------------------------------------------------

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

  private reconcileApp(app: StoredObject, instant: boolean) {
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
        const error = this.createPod(app, current!, instant);
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
      for (const pod of victims) this.deletePod(pod);
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

  // --- Pods ------------------------------------------------------------------------------------------

  private nextSuffix(seed: string) {
    let h = stableHash(`${seed}/${this.podCounter++}`);
    let out = '';
    for (let i = 0; i < 5; i++) {
      out += POD_SUFFIX_ALPHABET[h % POD_SUFFIX_ALPHABET.length];
      h = Math.floor(h / POD_SUFFIX_ALPHABET.length) + stableHash(out);
    }
    return out;
  }

  /** Creates a pod for an App revision; returns an error message if quota admission refused it. */
  private createPod(
    app: StoredObject,
    revision: Revision,
    instant: boolean,
  ): string | undefined {
    const spec = app.spec as any;
    const ns = app.metadata.namespace!;
    const hash = createHash('sha1')
      .update(
        `${app.metadata.uid}/${revision.revision}/${revision.image}:${
          revision.version
        }/${spec.restartedAt ?? ''}`,
      )
      .digest('hex')
      .slice(0, 10);
    const name = `${app.metadata.name}-${hash}-${this.nextSuffix(
      `${app.metadata.uid}`,
    )}`;
    const nodes = this.cluster.store.scan(CORE.nodes);
    const allPods = this.cluster.store.scan(CORE.pods);
    const appPods = allPods.filter(p => ownedBy(p, app));
    const node = [...nodes].sort(
      (a, b) =>
        appPods.filter(p => (p.spec as any).nodeName === a.metadata.name)
          .length -
          appPods.filter(p => (p.spec as any).nodeName === b.metadata.name)
            .length ||
        allPods.filter(p => (p.spec as any).nodeName === a.metadata.name)
          .length -
          allPods.filter(p => (p.spec as any).nodeName === b.metadata.name)
            .length ||
        a.metadata.name.localeCompare(b.metadata.name),
    )[0];
    const nodeIndex = Math.max(
      0,
      nodes.findIndex(n => n.metadata.name === node?.metadata.name),
    );
    const hostIP =
      ((node?.status as any)?.addresses ?? []).find(
        (a: any) => a.type === 'InternalIP',
      )?.address ?? '10.0.0.1';
    const image = `${revision.image}:${revision.version}`;
    const labels = app.metadata.labels ?? {};
    const containers = [
      {
        name: app.metadata.name,
        image,
        resources: { requests: { ...spec.resources } },
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
      },
      ...((spec.sidecars ?? []) as any[]).map(s => ({
        name: s.name,
        image: s.image,
        resources: { requests: { ...s.resources } },
      })),
    ];
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: ns,
        labels: {
          [LABEL.app]: app.metadata.name,
          ...(labels[LABEL.component]
            ? { [LABEL.component]: labels[LABEL.component] }
            : {}),
          ...(labels[LABEL.team] ? { [LABEL.team]: labels[LABEL.team] } : {}),
          [LABEL.revision]: String(revision.revision),
          'pod-template-hash': hash,
        },
        ownerReferences: [
          {
            apiVersion: app.apiVersion!,
            kind: 'App',
            name: app.metadata.name,
            uid: app.metadata.uid!,
            controller: true,
          },
        ],
      },
      spec: {
        nodeName: node?.metadata.name,
        priorityClassName: `atrium-${spec.tier}`,
        containers,
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        serviceAccountName: 'default',
      },
      status: {
        phase: 'Pending',
        hostIP,
        qosClass: 'Burstable',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'True',
            lastTransitionTime: isoNow(),
          },
        ],
        containerStatuses: containers.map(c => ({
          name: c.name,
          image: c.image,
          ready: false,
          restartCount: 0,
          started: false,
          state: { waiting: { reason: 'ContainerCreating' } },
        })),
      },
    };

    for (const quota of this.cluster.store.scan(CORE.resourcequotas, ns)) {
      const exceeded = quotaExceeded(
        quota,
        allPods.filter(p => p.metadata.namespace === ns),
        pod,
      );
      if (exceeded.length > 0) {
        const fmt = (f: (e: (typeof exceeded)[number]) => number) =>
          exceeded
            .map(e => `${e.resource}=${formatResource(e.resource, f(e))}`)
            .join(',');
        return `Error creating: pods "${name}" is forbidden: exceeded quota: ${
          quota.metadata.name
        }, requested: ${fmt(e => e.requested)}, used: ${fmt(
          e => e.used,
        )}, limited: ${fmt(e => e.hard)}`;
      }
    }

    const podIP = `10.${100 + nodeIndex}.${
      Math.floor(this.podCounter / 250) % 250
    }.${(this.podCounter % 250) + 2}`;
    const bad = this.cluster.isBadImage(image);
    const sim: PodSim = { createdTick: this.tickCount, bad, restarts: 0 };
    const created = this.cluster.store.create(CORE.pods, pod);
    this.pods.set(`${ns}/${name}`, sim);
    this.cluster.recordEvent(
      created,
      'Normal',
      'Scheduled',
      `Successfully assigned ${ns}/${name} to ${node?.metadata.name}`,
      undefined,
    );
    (created.status as any).podIP = podIP;
    (created.status as any).podIPs = [{ ip: podIP }];
    if (instant && !bad) {
      sim.createdTick = this.tickCount - this.readyAfter;
      this.renderPod(created, sim, true);
    } else {
      this.cluster.store.update(CORE.pods, created);
    }
    this.cluster.refreshQuotas(ns);
    return undefined;
  }

  private deletePod(pod: StoredObject) {
    const containers = ((pod.spec as any).containers ?? []) as any[];
    for (const c of containers) {
      this.cluster.recordEvent(
        pod,
        'Normal',
        'Killing',
        `Stopping container ${c.name}`,
        (pod.spec as any).nodeName,
      );
    }
    this.cluster.delete(CORE.pods, pod.metadata.namespace, pod.metadata.name);
    this.pods.delete(`${pod.metadata.namespace}/${pod.metadata.name}`);
  }

  /** Moves a pod along its lifecycle: Pending → Running → Ready, or into a crash loop for a bad image. */
  private advancePod(pod: StoredObject) {
    const sim = this.pods.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
    if (!sim) return;
    this.renderPod(copyStored(pod), sim, false);
  }

  /** Renders a pod's status for its age and writes it; `pod` is the caller's copy, changed in place. */
  private renderPod(pod: KubeObject, sim: PodSim, instant: boolean) {
    const age = this.tickCount - sim.createdTick;
    const spec = pod.spec as any;
    const status = pod.status as any;
    const node = spec.nodeName as string;
    const now = new Date();
    const ts = isoNow();
    const mainName = spec.containers[0].name;
    if (age < 1) return;
    const starting = status.phase === 'Pending';
    if (starting) {
      status.phase = 'Running';
      status.startTime = status.startTime ?? ts;
      for (const c of spec.containers) {
        if (!instant) {
          this.cluster.recordEvent(
            pod,
            'Normal',
            'Pulled',
            `Container image "${c.image}" already present on machine`,
            node,
          );
          this.cluster.recordEvent(
            pod,
            'Normal',
            'Created',
            `Created container ${c.name}`,
            node,
          );
          this.cluster.recordEvent(
            pod,
            'Normal',
            'Started',
            `Started container ${c.name}`,
            node,
          );
        }
        this.cluster.logs.start(
          pod.metadata.name,
          c.name,
          c.image,
          c.name !== mainName,
          now,
        );
      }
    }
    const ready = !sim.bad && age >= this.readyAfter;
    status.containerStatuses = status.containerStatuses.map((cs: any) => {
      const isMain = cs.name === mainName;
      if (isMain && sim.bad) {
        const crashing = age > 1 && (age - 1) % this.crashEvery === 0;
        if (crashing) {
          sim.restarts++;
          this.cluster.logs.crash(pod.metadata.name, cs.name, cs.image, now);
          this.cluster.recordEvent(
            pod,
            'Warning',
            'BackOff',
            `Back-off restarting failed container ${cs.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
            node,
          );
          return {
            ...cs,
            ready: false,
            started: false,
            restartCount: sim.restarts,
            state: {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: `back-off ${Math.min(
                  300,
                  10 * 2 ** (sim.restarts - 1),
                )}s restarting failed container=${cs.name} pod=${
                  pod.metadata.name
                }_${pod.metadata.namespace}(${pod.metadata.uid})`,
              },
            },
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: cs.state?.running?.startedAt ?? ts,
                finishedAt: ts,
              },
            },
          };
        }
        if (cs.state?.waiting || starting) {
          if (!starting) {
            this.cluster.recordEvent(
              pod,
              'Normal',
              'Started',
              `Started container ${cs.name}`,
              node,
            );
            this.cluster.logs.start(
              pod.metadata.name,
              cs.name,
              cs.image,
              false,
              now,
            );
          }
          return {
            ...cs,
            ready: false,
            started: true,
            state: { running: { startedAt: ts } },
          };
        }
        return cs;
      }
      const containerReady = isMain ? ready : true;
      if (containerReady && !starting)
        this.cluster.logs.serve(pod.metadata.name, cs.name, !isMain, now);
      return {
        ...cs,
        ready: containerReady,
        started: true,
        state: cs.state?.running ? cs.state : { running: { startedAt: ts } },
      };
    });
    const allReady = status.containerStatuses.every((c: any) => c.ready);
    const cond = (type: string, ok: boolean, reason?: string) => {
      const before = (status.conditions ?? []).find(
        (c: any) => c.type === type,
      );
      const s = ok ? 'True' : 'False';
      return {
        type,
        status: s,
        ...(reason && !ok ? { reason } : {}),
        lastTransitionTime:
          before?.status === s ? before.lastTransitionTime : ts,
      };
    };
    status.conditions = [
      cond('PodScheduled', true),
      cond('Initialized', true),
      cond('ContainersReady', allReady, 'ContainersNotReady'),
      cond('Ready', allReady, 'ContainersNotReady'),
    ];
    this.cluster.store.update(CORE.pods, pod);
  }

  // --- Scalers ---------------------------------------------------------------------------------------

  private cron(expression: string): Cron | null {
    if (!this.crons.has(expression)) {
      try {
        this.crons.set(expression, parseCron(expression));
      } catch {
        this.crons.set(expression, null);
      }
    }
    return this.crons.get(expression)!;
  }

  private reconcileScaler(scaler: StoredObject) {
    const spec = scaler.spec as any;
    const ns = scaler.metadata.namespace!;
    const app = this.cluster.store.peek(this.appType, ns, spec.targetRef.name);
    const status = {
      ...((scaler.status as any) ?? {}),
      observedGeneration: scaler.metadata.generation,
    };
    if (!app) {
      this.cluster.recordEvent(
        scaler,
        'Warning',
        'FailedGetScale',
        `apps.compute.atrium.dev "${spec.targetRef.name}" not found`,
      );
      this.cluster.store.update(this.scalerType, {
        ...copyStored(scaler),
        status,
      });
      return;
    }
    const current: number = (app.spec as any).replicas;
    let min: number = spec.minReplicas;
    let max: number = spec.maxReplicas;
    const now = new Date();
    const active = ((spec.schedules ?? []) as any[]).filter(s => {
      const cron = this.cron(s.cron);
      let duration = 0;
      try {
        duration = parseDuration(s.duration);
      } catch {
        return false;
      }
      return cron !== null && scheduleActive(cron, duration, now, s.timezone);
    });
    if (active.length > 0) {
      min = Math.max(...active.map(s => s.minReplicas));
      max = Math.max(min, ...active.map(s => s.maxReplicas ?? max));
    }

    let desired = current;
    let reason = '';
    const cpu = ((spec.metrics ?? []) as any[]).find(m => m.type === 'cpu');
    const annotation = app.metadata.annotations?.[CPU_UTILIZATION_ANNOTATION];
    const key = app.metadata.uid!;
    if (
      cpu &&
      annotation !== undefined &&
      Number.isFinite(Number(annotation)) &&
      current > 0
    ) {
      // The annotation is the utilisation at the replica count when it was set; the load it implies spreads
      // over however many replicas run afterwards.
      let load = this.loads.get(key);
      if (!load || load.annotation !== annotation) {
        load = { annotation, load: Number(annotation) * current };
        this.loads.set(key, load);
      }
      const utilization = load.load / current;
      if (Math.abs(utilization / cpu.targetUtilization - 1) > 0.1) {
        desired = Math.max(1, Math.ceil(load.load / cpu.targetUtilization));
        reason = `cpu resource utilization (percentage of request) ${
          desired > current ? 'above' : 'below'
        } target`;
      }
    } else {
      this.loads.delete(key);
    }
    if (desired < min) {
      reason =
        active.length > 0
          ? `schedule "${active
              .map(s => s.name)
              .join('", "')}" active: minReplicas ${min}`
          : 'Current number of replicas below Spec.MinReplicas';
      desired = min;
    } else if (desired > max) {
      reason = 'Current number of replicas above Spec.MaxReplicas';
      desired = max;
    }
    if (desired !== current) {
      this.cluster.replaceScale(this.appType, ns, app.metadata.name, {
        spec: { replicas: desired },
      });
      this.cluster.recordEvent(
        scaler,
        'Normal',
        'SuccessfulRescale',
        `New size: ${desired}; reason: ${reason}`,
      );
      status.lastScaleTime = isoNow();
      status.lastScaleReason = reason;
    }
    status.desiredReplicas = desired;
    status.currentReplicas = (app.status as any)?.replicas ?? current;
    this.cluster.store.update(this.scalerType, {
      ...copyStored(scaler),
      status,
    });
  }
}
