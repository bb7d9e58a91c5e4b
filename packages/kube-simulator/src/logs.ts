import { createHash } from 'node:crypto';

export interface LogLine {
  time: string;
  text: string;
}

interface ContainerLog {
  current: LogLine[];
  previous?: LogLine[];
  counter: number;
}

const ROUTES = [
  'GET /healthz',
  'GET /api/v1/items',
  'POST /api/v1/items',
  'GET /api/v1/items/{id}',
  'PUT /api/v1/items/{id}',
  'GET /metrics',
];
const STATUSES = [200, 200, 200, 200, 201, 204, 304, 404, 200, 500];

/** A small deterministic number from a string, for reproducible synthetic logs. */
export function stableHash(text: string): number {
  return createHash('sha1').update(text).digest().readUInt32BE(0);
}

/**
 * Synthetic container logs: deterministic lines per pod and container, growing over ticks and bounded in
 * memory. Crash-looping containers print a start-up error and exit; their last run is kept as `previous`.
 */
export class LogBook {
  private readonly logs = new Map<string, ContainerLog>();

  constructor(private readonly maxLines = 1000) {}

  private entry(pod: string, container: string): ContainerLog {
    const key = `${pod}/${container}`;
    let log = this.logs.get(key);
    if (!log) {
      log = { current: [], counter: 0 };
      this.logs.set(key, log);
    }
    return log;
  }

  /**
   * Adds a line. The oldest lines go in batches of a quarter of the bound, not one per line: a full log shifted its
   * whole array at every line before, which made the simulator's cost grow with its uptime (bench/background.ts's
   * profile at rest, after 15 minutes up: 0.4 s a minute in this function alone). `read` gives the last maxLines.
   */
  private append(log: ContainerLog, text: string, now: Date) {
    log.current.push({ time: now.toISOString(), text });
    if (log.current.length > this.maxLines + Math.ceil(this.maxLines / 4))
      log.current.splice(0, log.current.length - this.maxLines);
  }

  /** A container starts: start-up lines. */
  start(
    pod: string,
    container: string,
    image: string,
    sidecar: boolean,
    now: Date,
  ) {
    const log = this.entry(pod, container);
    const ts = now.toISOString();
    if (sidecar) {
      this.append(log, `[${ts}][info][main] starting mesh proxy ${image}`, now);
      this.append(
        log,
        `[${ts}][info][upstream] cds: add 3 cluster(s), remove 0 cluster(s)`,
        now,
      );
      this.append(
        log,
        `[${ts}][info][main] all clusters initialized. initializing init manager`,
        now,
      );
    } else {
      this.boot(log, container, image, now);
      this.append(log, `${ts} INFO  listening on 0.0.0.0:8080`, now);
    }
  }

  /** What an app container logs as it starts, before it serves or fails. */
  private boot(log: ContainerLog, container: string, image: string, now: Date) {
    const ts = now.toISOString();
    this.append(
      log,
      `${ts} INFO  starting ${container} image=${image} pid=1`,
      now,
    );
    this.append(
      log,
      `${ts} INFO  loaded configuration from /etc/app/config.yaml`,
      now,
    );
  }

  /** A crash-looping container's run: an error, then exit. The previous run moves to `previous`. */
  crash(pod: string, container: string, image: string, now: Date) {
    const log = this.entry(pod, container);
    if (log.current.length > 0) log.previous = log.current;
    log.current = [];
    const ts = now.toISOString();
    this.boot(log, container, image, now);
    this.append(
      log,
      `${ts} ERROR failed to start: migration 0042_add_settlement_index failed: relation "settlements" does not exist`,
      now,
    );
    this.append(log, `${ts} ERROR exiting with code 1`, now);
  }

  /** A healthy container serves a few requests. */
  serve(pod: string, container: string, sidecar: boolean, now: Date) {
    const log = this.entry(pod, container);
    const count = 1 + (stableHash(`${pod}/${container}/${log.counter}`) % 3);
    for (let i = 0; i < count; i++) {
      const h = stableHash(`${pod}/${container}/${log.counter++}`);
      const route = ROUTES[h % ROUTES.length].replace(
        '{id}',
        String(1000 + (h % 9000)),
      );
      const status = STATUSES[(h >>> 8) % STATUSES.length];
      const ms = 2 + ((h >>> 16) % 250);
      const ts = now.toISOString();
      const [method, path] = route.split(' ');
      this.append(
        log,
        sidecar
          ? `[${ts}] "${method} ${path} HTTP/1.1" ${status} - ${ms} "10.0.${
              h % 255
            }.${(h >>> 4) % 255}:8080"`
          : `${ts} ${
              status >= 500 ? 'ERROR' : 'INFO '
            } ${method} ${path} status=${status} duration=${ms}ms request_id=${h
              .toString(16)
              .padStart(8, '0')}`,
        now,
      );
    }
  }

  read(
    pod: string,
    container: string,
    previous: boolean,
  ): LogLine[] | undefined {
    const log = this.logs.get(`${pod}/${container}`);
    if (!log) return previous ? undefined : [];
    // A copy: the caller's lines do not change under it as the container logs on.
    return (previous ? log.previous : log.current)?.slice(-this.maxLines);
  }

  forget(pod: string) {
    for (const key of [...this.logs.keys()])
      if (key.startsWith(`${pod}/`)) this.logs.delete(key);
  }
}
