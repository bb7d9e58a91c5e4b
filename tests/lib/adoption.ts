/**
 * Helpers for tests/adoption.test.ts and bench/adoption.ts: an Atrium backend with the adoption config given, on
 * SQLite (its data folder) or on a PostgreSQL cluster, and calls to /api/adoption as a signed-in user.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signIn } from './auth.ts';
import { startBackend, type Backend } from './backend.ts';
import type { Postgres } from './postgres.ts';

/** The HMAC key the suites pseudonymize with. */
export const TEST_SECRET = 'adoption-test-secret-0123456789';

/**
 * Starts Atrium (app-config.yaml, the demo org) with `adoption` config, on PostgreSQL when `pg` is given (the
 * same config otherwise: only the database differs).
 */
export async function startAdoptionBackend(options: {
  name: string;
  adoption: object;
  pg?: Postgres;
  extra?: object;
}): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-adoption-'));
  const config = join(dir, 'app-config.adoption.yaml');
  writeFileSync(
    config,
    JSON.stringify({
      adoption: options.adoption,
      ...(options.pg
        ? {
            backend: {
              database: {
                client: 'pg',
                connection: {
                  host: options.pg.host,
                  port: options.pg.port,
                  user: options.pg.user,
                  password: options.pg.password,
                },
              },
            },
          }
        : {}),
      ...options.extra,
    }),
  );
  return startBackend({ name: options.name, configs: [config] });
}

/** Signs users in once and calls /api/adoption with their tokens (a token lasts longer than a suite). */
export class AdoptionCaller {
  private readonly tokens = new Map<string, Promise<string>>();

  readonly backend: Backend;

  constructor(backend: Backend) {
    this.backend = backend;
  }

  token(user: string): Promise<string> {
    let token = this.tokens.get(user);
    if (!token) {
      token = signIn(this.backend.baseUrl, user).then(s => s.token);
      this.tokens.set(user, token);
    }
    return token;
  }

  /** `user` is a demo login, or `service` for the suite's static service token. */
  async call(
    user: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; type: string; text: string }> {
    const token =
      user === 'service' ? this.backend.serviceToken : await this.token(user);
    const res = await fetch(`${this.backend.baseUrl}/api/adoption${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      type,
      text,
      body: text && type.includes('json') ? JSON.parse(text) : undefined,
    };
  }
}

/**
 * An ISO instant `daysAgo` whole days before `now`, at `hour` UTC; never later than `now`. Today's `hour` may not
 * have come yet (a run before 10:00 UTC), and the backend refuses an event from the future (a fresh-clone run at
 * 00:17 UTC failed so): today's instant is then halfway between midnight and `now`, still today.
 */
export function daysAgo(now: number, days: number, hour = 10): string {
  const d = new Date(now - days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  if (d.getTime() < now) return d.toISOString();
  const midnight = new Date(now).setUTCHours(0, 0, 0, 0);
  return new Date(midnight + Math.floor((now - midnight) / 2)).toISOString();
}

/** The UTC date (YYYY-MM-DD) `days` before `now`. */
export function dayAgo(now: number, days: number): string {
  return daysAgo(now, days).slice(0, 10);
}
