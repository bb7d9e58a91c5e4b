import http from 'node:http';
import { ObjectStore } from './store';
import { expired } from './status';
import { matchesSelector, Selector } from './selectors';
import { KubeObject, ResourceType, StoreEvent } from './types';

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  selector: Selector;
  /** Events after this version; `undefined`/`0` sends the current objects as ADDED first. */
  resourceVersion?: number;
  timeoutSeconds?: number;
}

/** Open watches of a cluster, so `stop()` can end them. */
export class WatchHub {
  private readonly open = new Set<() => void>();

  constructor(
    private readonly store: ObjectStore,
    private readonly maxTimeoutSeconds = 1800,
  ) {}

  /** Streams newline-delimited watch events, as `?watch=true` does on the API server. */
  serve(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    watch: WatchRequest,
  ) {
    const { type, namespace, selector } = watch;
    const inScope = (o: KubeObject) =>
      namespace === undefined || o.metadata.namespace === namespace;
    const matches = (o: KubeObject | undefined) =>
      !!o && inScope(o) && matchesSelector(selector, o);

    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      'Cache-Control': 'no-cache',
    });
    res.flushHeaders?.();
    const write = (eventType: string, object: unknown) => {
      if (!res.writableEnded)
        res.write(`${JSON.stringify({ type: eventType, object })}\n`);
    };
    /** Translates a store event for this watch: objects moving in or out of the selection become ADDED/DELETED. */
    const send = (event: StoreEvent) => {
      const now = matches(event.object);
      if (event.type === 'MODIFIED') {
        const before = matches(event.previous);
        if (now && before) write('MODIFIED', event.object);
        else if (now) write('ADDED', event.object);
        else if (before) write('DELETED', event.object);
      } else if (now) {
        write(event.type, event.object);
      }
    };

    let finished = false;
    let unsubscribe = () => {};
    const timers: NodeJS.Timeout[] = [];
    const finish = () => {
      if (finished) return;
      finished = true;
      unsubscribe();
      timers.forEach(clearTimeout);
      this.open.delete(finish);
      if (!res.writableEnded) res.end();
    };
    this.open.add(finish);
    req.on('close', finish);
    res.on('close', finish);

    const rv = watch.resourceVersion ?? 0;
    if (rv > 0) {
      const backlog = this.store.eventsSince(type, rv);
      if (!backlog) {
        write(
          'ERROR',
          expired(
            `too old resource version: ${rv} (${this.store.resourceVersion})`,
          ).toStatus(),
        );
        finish();
        return;
      }
      backlog.forEach(send);
    } else {
      for (const obj of this.store.list(type, namespace))
        if (matches(obj)) write('ADDED', obj);
    }
    unsubscribe = this.store.subscribe(type, send);
    const timeout = Math.min(
      watch.timeoutSeconds ?? this.maxTimeoutSeconds,
      this.maxTimeoutSeconds,
    );
    const timer = setTimeout(finish, timeout * 1000);
    timer.unref?.();
    timers.push(timer);
  }

  closeAll() {
    for (const finish of [...this.open]) finish();
  }
}
