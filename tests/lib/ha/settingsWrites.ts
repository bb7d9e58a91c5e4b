/**
 * User-settings writes under a fault (tests/ha-faults.test.ts): a signed-in user writes settings one after
 * another through HAProxy, as the app does through Backstage's user-settings backend (`PUT
 * /api/user-settings/buckets/<bucket>/keys/<key>`: the starred entities are one such value, the whole list under
 * `default.starredEntities`/`entityRefs`, read by plugins/graphql-backend's starred.ts), and afterwards each one
 * is read back.
 *
 * Each write goes to a key of its own (the stars are one key per user, so a later star write would carry an
 * earlier, lost one back in and hide its loss): every write answered 2xx must then be readable with its value;
 * one refused (an error status, or no answer) may or may not have been stored, and is counted.
 */
import { sleep } from '../proc.ts';

/** The test's bucket, beside the app's `default.*` ones. */
export const SETTINGS_BUCKET = 'default.atriumFaults';

const keyPath = (key: string) =>
  `/api/user-settings/buckets/${SETTINGS_BUCKET}/keys/${encodeURIComponent(
    key,
  )}`;

export interface SettingsWrite {
  key: string;
  value: { n: number; sentAt: number };
  /** ms since the writes started, when it was sent. */
  at: number;
  /** The HTTP status; 0 when no answer came. */
  status: number;
  servedBy: string | null;
  detail?: string;
}

/** Writes `<prefix>-<n>` for n = 1, 2, … every `pauseMs` until `until()` or `durationMs`. */
export async function runSettingsWrites(options: {
  baseUrl: string;
  token: string;
  prefix: string;
  durationMs: number;
  until?: () => boolean;
  pauseMs?: number;
}): Promise<SettingsWrite[]> {
  const started = Date.now();
  const deadline = started + options.durationMs;
  const writes: SettingsWrite[] = [];
  for (let n = 1; n <= 1_000; n++) {
    if (Date.now() >= deadline || options.until?.()) break;
    const sentAt = Date.now();
    const write: SettingsWrite = {
      key: `${options.prefix}-${n}`,
      value: { n, sentAt },
      at: sentAt - started,
      status: 0,
      servedBy: null,
    };
    writes.push(write);
    try {
      const res = await fetch(options.baseUrl + keyPath(write.key), {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ value: write.value }),
        // Longer than a PostgreSQL restart, so an answer that comes is not mistaken for none.
        signal: AbortSignal.timeout(40_000),
      });
      write.status = res.status;
      write.servedBy = res.headers.get('x-served-by');
      const text = await res.text();
      if (!res.ok) write.detail = text.slice(0, 200);
    } catch (error) {
      write.detail = String((error as Error).cause ?? error);
    }
    await sleep(options.pauseMs ?? 150);
  }
  return writes;
}

/**
 * Reads every write's key back through `baseUrl` (one GET each, in turn) and says what is wrong: a write answered
 * 2xx that is missing or holds another value. Refused ones are counted, stored or not.
 */
export async function checkSettingsWrites(
  baseUrl: string,
  token: string,
  writes: SettingsWrite[],
): Promise<{ problems: string[]; summary: string }> {
  const problems: string[] = [];
  const refused: Record<string, { count: number; stored: number }> = {};
  let ok = 0;
  for (const write of writes) {
    const res = await fetch(baseUrl + keyPath(write.key), {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(15_000),
    });
    const body = res.status === 200 ? ((await res.json()) as any) : undefined;
    if (res.status !== 200 && res.status !== 404) {
      throw new Error(
        `reading ${write.key}: ${res.status} ${await res.text()}`,
      );
    }
    const stored = body?.value;
    const answered2xx = write.status >= 200 && write.status < 300;
    if (answered2xx) {
      ok += 1;
      if (JSON.stringify(stored) !== JSON.stringify(write.value)) {
        problems.push(
          `${write.key} (sent at ${write.at} ms, answered ${write.status} by ${
            write.servedBy
          }) reads back as ${JSON.stringify(stored ?? null)}`,
        );
      }
    } else {
      const kind = String(write.status || 'no answer');
      const k = (refused[kind] ??= { count: 0, stored: 0 });
      k.count += 1;
      if (stored !== undefined) k.stored += 1;
    }
  }
  const refusedText = Object.entries(refused)
    .map(([kind, k]) => `${k.count} × ${kind} (${k.stored} stored)`)
    .join(', ');
  return {
    problems,
    summary: `${writes.length} settings writes: ${ok} answered 2xx, ${
      ok - problems.length
    } of them read back; refused: ${refusedText || 'none'}`,
  };
}
