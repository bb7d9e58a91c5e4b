/**
 * The pod controller (what a ReplicaSet controller and a kubelet do for the simulator): creates an App revision's
 * pods (name, placement through scheduling.ts, quota admission through quotaAdmission.ts), deletes them, and
 * moves each along its lifecycle a tick at a time: Pending, Running, Ready after `readyAfter` ticks, or a crash
 * loop for a bad image; with their events and logs.
 */
import { isoNow } from '../clock';
import { createHash } from 'node:crypto';
import { CORE } from '../coreTypes';
import { stableHash } from '../logs';
import { copyStored, KubeObject, StoredObject } from '../types';
import { ControllerContext, ownedBy, Revision } from './context';
import { podFor } from './podTemplate';
import { quotaRefusal } from './quotaAdmission';
import { placePod } from './scheduling';

const POD_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

interface PodSim {
  createdTick: number;
  bad: boolean;
  restarts: number;
}

export class PodController {
  private podCounter = 0;
  private readonly pods = new Map<string, PodSim>();

  constructor(
    private readonly ctx: ControllerContext,
    /** Ticks from a pod's creation until it is Ready (healthy images). */
    private readonly readyAfter: number,
    /** Ticks between restarts of a crash-looping container. */
    private readonly crashEvery: number,
  ) {}

  private get cluster() {
    return this.ctx.cluster;
  }

  private get tickCount() {
    return this.ctx.ticks();
  }

  /** Forgets pods deleted through the API. */
  forgetDeleted() {
    for (const [name] of this.pods) {
      if (!this.podExists(name)) this.pods.delete(name);
    }
  }

  private podExists(key: string) {
    const [ns, name] = key.split('/');
    return this.cluster.store.peek(CORE.pods, ns, name) !== undefined;
  }

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
  create(
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
    const { node, nodeIndex, hostIP } = placePod(
      nodes,
      allPods,
      allPods.filter(p => ownedBy(p, app)),
    );
    const pod = podFor(app, revision, { name, hash, node, hostIP });
    const refusal = quotaRefusal(
      this.cluster.store.scan(CORE.resourcequotas, ns),
      allPods.filter(p => p.metadata.namespace === ns),
      pod,
    );
    if (refusal) return refusal;

    const podIP = `10.${100 + nodeIndex}.${
      Math.floor(this.podCounter / 250) % 250
    }.${(this.podCounter % 250) + 2}`;
    const bad = this.cluster.isBadImage(
      `${revision.image}:${revision.version}`,
    );
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

  delete(pod: StoredObject) {
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
  advance(pod: StoredObject) {
    const sim = this.pods.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
    if (!sim) return;
    this.renderPod(copyStored(pod), sim, false);
  }

  /** A container (re)starts: its log starts a run, and with `event` a Started event says so. */
  private startContainer(
    pod: KubeObject,
    container: { name: string; image: string },
    sidecar: boolean,
    node: string,
    now: Date,
    event: boolean,
  ) {
    if (event)
      this.cluster.recordEvent(
        pod,
        'Normal',
        'Started',
        `Started container ${container.name}`,
        node,
      );
    this.cluster.logs.start(
      pod.metadata.name,
      container.name,
      container.image,
      sidecar,
      now,
    );
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
        }
        this.startContainer(pod, c, c.name !== mainName, node, now, !instant);
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
          if (!starting) this.startContainer(pod, cs, false, node, now, true);
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
}
