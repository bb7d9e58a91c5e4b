import type { ComponentEvents } from '@atrium/plugin-compute-common';

/** Events of one reason about one object in one cluster, as one line. */
export type EventGroup = {
  key: string;
  cluster: string;
  type: string;
  reason: string;
  object: { kind: string; name: string };
  /** The latest event's message. */
  message: string;
  /** How often it happened: the sum of the events' own counts. */
  count: number;
  lastSeen?: string;
};

const later = (a?: string, b?: string) => ((a ?? '') >= (b ?? '') ? a : b);

/**
 * The answering clusters' events, those with the same reason about the same object (in the same cluster) as one
 * group with their total count and when it was last seen; the group says the latest message. Newest first.
 */
export function groupEvents(
  clusters: ComponentEvents['clusters'],
): EventGroup[] {
  const groups = new Map<string, EventGroup>();
  for (const c of clusters) {
    if (!c.ok) continue;
    for (const e of c.events) {
      const key = [
        c.cluster.name,
        e.namespace,
        e.object.kind,
        e.object.name,
        e.reason,
      ].join('\u0000');
      const count = e.count || 1;
      const group = groups.get(key);
      if (!group) {
        groups.set(key, {
          key,
          cluster: c.cluster.name,
          type: e.type,
          reason: e.reason,
          object: e.object,
          message: e.message,
          count,
          lastSeen: e.lastSeen,
        });
        continue;
      }
      group.count += count;
      if (later(e.lastSeen, group.lastSeen) === e.lastSeen) {
        group.lastSeen = e.lastSeen;
        group.message = e.message;
        group.type = e.type;
      }
    }
  }
  return [...groups.values()].sort((a, b) =>
    (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''),
  );
}
