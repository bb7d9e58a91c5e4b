/**
 * The reconciler: the simulator's controller manager. One timer per cluster calls `tick`, which runs the
 * controllers in controllers/ (Scalers, pods, the garbage collector, Apps) over the whole cluster, in that order.
 */
import { ClusterState } from './cluster';
import { CORE } from './coreTypes';
import { AppController } from './controllers/apps';
import { ControllerContext } from './controllers/context';
import { PodController } from './controllers/pods';
import { ScalerController } from './controllers/scalers';
import { StoredObject } from './types';

export interface ReconcilerOptions {
  /** Ticks from a pod's creation until it is Ready (healthy images). Default 2. */
  readyAfterTicks?: number;
  /** Ticks without rollout progress before an App's rollout fails with ProgressDeadlineExceeded. Default 20. */
  progressDeadlineTicks?: number;
  /** Ticks between restarts of a crash-looping container. Default 2. */
  crashEveryTicks?: number;
}

/**
 * The simulated controllers: turns Apps into pods (revisions, rolling updates, crash loops, quota admission)
 * and Scalers into App replica counts, a tick at a time. Everything is deterministic except names' uids.
 *
 * It reads the store without copies (`scan`, `peek`: a tick looks at every pod and App, many times over) and
 * writes through `update`, `create` and the cluster's operations; an object it changes is a copy.
 */
export class Reconciler {
  private tickCount = 0;
  private readonly context: ControllerContext;
  private readonly pods: PodController;
  private readonly apps: AppController;
  private readonly scalers: ScalerController;

  constructor(
    private readonly cluster: ClusterState,
    options: ReconcilerOptions = {},
  ) {
    this.context = {
      cluster,
      appType: cluster.customType('apps'),
      scalerType: cluster.customType('scalers'),
      ticks: () => this.tickCount,
    };
    this.pods = new PodController(
      this.context,
      Math.max(1, options.readyAfterTicks ?? 2),
      Math.max(1, options.crashEveryTicks ?? 2),
    );
    this.apps = new AppController(
      this.context,
      this.pods,
      Math.max(1, options.progressDeadlineTicks ?? 20),
    );
    this.scalers = new ScalerController(this.context);
  }

  get ticks() {
    return this.tickCount;
  }

  /**
   * The CPU utilisation (percent of requests) a Scaler following the App sees now: the load its annotation set,
   * spread over the current replicas. Undefined where no Scaler follows an annotated App.
   */
  cpuUtilization(app: StoredObject): number | undefined {
    return this.scalers.cpuUtilization(app);
  }

  /** Start-up: seed Apps get their pods Ready at once, so a fresh simulator is not empty. */
  bootstrap() {
    const { store } = this.cluster;
    for (const scaler of store.scan(this.context.scalerType))
      this.safely(scaler, () => this.scalers.reconcile(scaler));
    for (const app of store.scan(this.context.appType))
      this.safely(app, () => this.apps.reconcile(app, true));
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
    for (const scaler of store.scan(this.context.scalerType))
      this.safely(scaler, () => this.scalers.reconcile(scaler));
    for (const pod of store.scan(CORE.pods))
      this.safely(pod, () => this.pods.advance(pod));
    const apps = store.scan(this.context.appType);
    this.collectGarbage(new Set(apps.map(a => a.metadata.uid!)));
    for (const app of apps)
      this.safely(app, () => this.apps.reconcile(app, false));
    this.pods.forgetDeleted();
  }

  /** Deletes pods whose App is gone, as Kubernetes' garbage collector does with owner references. */
  private collectGarbage(liveApps: Set<string>) {
    for (const pod of this.cluster.store.scan(CORE.pods)) {
      const owner = (pod.metadata.ownerReferences ?? []).find(
        r => r.kind === 'App' && r.controller,
      );
      if (owner && !liveApps.has(owner.uid))
        this.safely(pod, () => this.pods.delete(pod));
    }
    this.apps.forget(liveApps);
    this.scalers.forget(liveApps);
  }
}
