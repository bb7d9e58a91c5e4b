/**
 * core/v1 Events of a simulated cluster, as client-go's event recorder writes them: one Event per object, reason
 * and message (a repeat bumps `count` and `lastTimestamp`), from `kube-simulator`; the oldest go beyond
 * `maxEventsPerNamespace` per namespace.
 */
import { createHash } from 'node:crypto';
import { isoNow } from './clock';
import { CORE } from './coreTypes';
import { ObjectStore } from './store';
import { StoredObject } from './types';

export class EventRecorder {
  private readonly eventOrder = new Map<string, string[]>();

  constructor(
    private readonly store: ObjectStore,
    private readonly clusterName: string,
    private readonly maxEventsPerNamespace: number,
  ) {}

  /** Records a core/v1 Event; a repeat of the same reason and message on the same object bumps its count. */
  record(
    involved: StoredObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    host?: string,
  ) {
    const namespace = involved.metadata.namespace ?? 'default';
    const digest = createHash('sha1')
      .update(`${involved.metadata.uid}/${reason}/${message}`)
      .digest('hex')
      .slice(0, 16);
    const name = `${involved.metadata.name}.${digest}`;
    const existing = this.store.get(CORE.events, namespace, name);
    const timestamp = isoNow();
    if (existing) {
      existing.count = ((existing.count as number) ?? 1) + 1;
      existing.lastTimestamp = timestamp;
      this.store.update(CORE.events, existing);
      return;
    }
    this.store.create(CORE.events, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: involved.apiVersion,
        kind: involved.kind,
        name: involved.metadata.name,
        namespace: involved.metadata.namespace,
        uid: involved.metadata.uid,
        resourceVersion: involved.metadata.resourceVersion,
      },
      reason,
      message,
      type,
      count: 1,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      source: { component: 'kube-simulator', ...(host ? { host } : {}) },
      reportingComponent: 'kube-simulator',
      reportingInstance: `kube-simulator-${this.clusterName}`,
    });
    const order = this.eventOrder.get(namespace) ?? [];
    order.push(name);
    this.eventOrder.set(namespace, order);
    while (order.length > this.maxEventsPerNamespace) {
      const oldest = order.shift()!;
      if (this.store.peek(CORE.events, namespace, oldest))
        this.store.delete(CORE.events, namespace, oldest);
    }
  }
}
