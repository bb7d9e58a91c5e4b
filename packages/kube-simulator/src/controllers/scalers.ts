/**
 * The Scaler controller (the simulator's HorizontalPodAutoscaler): sets the target App's replicas, through its
 * scale subresource, within the Scaler's bounds, the bounds of its active schedules (schedule.ts), and the
 * simulated CPU utilisation of the App's `sim.compute.atrium.dev/cpu-utilization` annotation. A schedule whose
 * cron expression or time zone is not valid is left out, with an `InvalidSchedule` Warning event on the Scaler.
 */
import { isoNow } from '../clock';
import { Cron, parseCron, parseDuration, scheduleActive } from '../schedule';
import { copyStored, StoredObject } from '../types';
import { ControllerContext } from './context';

/** Simulator-only App annotation: the CPU utilisation (percent of requests) the Scaler sees. */
export const CPU_UTILIZATION_ANNOTATION =
  'sim.compute.atrium.dev/cpu-utilization';

export class ScalerController {
  /** Per App uid: the annotation last seen and the load (utilisation times replicas) it implied. */
  private readonly loads = new Map<
    string,
    { annotation: string; load: number }
  >();
  private readonly crons = new Map<string, Cron | Error>();

  constructor(private readonly ctx: ControllerContext) {}

  private get cluster() {
    return this.ctx.cluster;
  }

  private get appType() {
    return this.ctx.appType;
  }

  private get scalerType() {
    return this.ctx.scalerType;
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

  /** Forgets the load of Apps that are gone. */
  forget(liveApps: Set<string>) {
    for (const uid of [...this.loads.keys()])
      if (!liveApps.has(uid)) this.loads.delete(uid);
  }

  /** The parsed cron expression, or the Error that says why it is not valid; parsed once per expression. */
  private cron(expression: string): Cron {
    let cron = this.crons.get(expression);
    if (!cron) {
      try {
        cron = parseCron(expression);
      } catch (e) {
        cron = e instanceof Error ? e : new Error(String(e));
      }
      this.crons.set(expression, cron);
    }
    if (cron instanceof Error) throw cron;
    return cron;
  }

  reconcile(scaler: StoredObject) {
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
    if (current === 0) {
      // As Kubernetes' HorizontalPodAutoscaler: a target scaled to zero is left alone (scaling is disabled
      // until something gives it replicas again, e.g. the first deploy of an App created without a tag).
      const idle = { ...status, desiredReplicas: 0, currentReplicas: 0 };
      if (JSON.stringify(idle) !== JSON.stringify(scaler.status ?? {})) {
        this.cluster.store.update(this.scalerType, {
          ...copyStored(scaler),
          status: idle,
        });
      }
      return;
    }
    let min: number = spec.minReplicas;
    let max: number = spec.maxReplicas;
    const now = new Date();
    const active = ((spec.schedules ?? []) as any[]).filter(s => {
      let duration = 0;
      try {
        duration = parseDuration(s.duration);
      } catch {
        return false;
      }
      try {
        return scheduleActive(this.cron(s.cron), duration, now, s.timezone);
      } catch (e) {
        // A schedule that cannot be evaluated is left out, and said so on the Scaler.
        this.cluster.recordEvent(
          scaler,
          'Warning',
          'InvalidSchedule',
          `schedule "${s.name}": ${(e as Error).message}`,
        );
        return false;
      }
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
