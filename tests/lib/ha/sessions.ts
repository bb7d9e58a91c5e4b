/**
 * Signed-in users under a fault (tests/ha-faults.test.ts): each keeps their session alive through HAProxy as the
 * app does on every page load (`POST /api/auth/oidc/refresh` with the browser's cookies: tests/lib/auth.ts's
 * refreshSession), and afterwards each must still be signed in: a refresh gives them their own identity and a
 * token the catalog accepts.
 */
import { refreshSession } from '../auth.ts';
import { sleep } from '../proc.ts';

export interface Session {
  login: string;
  /** The browser's cookies for Atrium (the refresh token's among them), kept up to date by the refreshes. */
  cookie: string;
  /** Where the user signed in (a replica's name, or HAProxy). */
  signedInVia: string;
}

export interface Refresh {
  login: string;
  /** ms since the refreshes started, when it was sent. */
  at: number;
  ok: boolean;
  servedBy: string | null;
  detail?: string;
}

/** One refresh of `session` through `baseUrl`; on success its cookies are updated and the new token returned. */
async function refresh(
  baseUrl: string,
  session: Session,
): Promise<{ token: string; servedBy: string | null }> {
  const refreshed = await refreshSession(baseUrl, session.cookie, 'production');
  const who = refreshed.identity.userEntityRef;
  if (who !== `user:default/${session.login}`) {
    throw new Error(`${session.login}'s session refreshed as ${who}`);
  }
  session.cookie = refreshed.cookie;
  return { token: refreshed.token, servedBy: refreshed.servedBy };
}

/** Each session refreshed every `pauseMs` (default 1 s), in parallel, until `until()` or `durationMs`. */
export async function runRefreshes(options: {
  baseUrl: string;
  sessions: Session[];
  durationMs: number;
  until?: () => boolean;
  pauseMs?: number;
}): Promise<Refresh[]> {
  const started = Date.now();
  const deadline = started + options.durationMs;
  const refreshes: Refresh[] = [];
  await Promise.all(
    options.sessions.map(async session => {
      for (let n = 0; n < 1_000; n++) {
        if (Date.now() >= deadline || options.until?.()) return;
        const at = Date.now() - started;
        try {
          const { servedBy } = await refresh(options.baseUrl, session);
          refreshes.push({ login: session.login, at, ok: true, servedBy });
        } catch (error) {
          refreshes.push({
            login: session.login,
            at,
            ok: false,
            servedBy: null,
            detail: String((error as Error).cause ?? error).slice(0, 200),
          });
        }
        await sleep(options.pauseMs ?? 1_000);
      }
    }),
  );
  return refreshes;
}

/**
 * Whether each user is still signed in: their session refreshes through `baseUrl` and the token it gives reads
 * their own User entity. Returns what is wrong, one line per user who is not.
 */
export async function stillSignedIn(
  baseUrl: string,
  sessions: Session[],
): Promise<string[]> {
  const problems: string[] = [];
  for (const session of sessions) {
    try {
      const { token, servedBy } = await refresh(baseUrl, session);
      const me = await fetch(
        `${baseUrl}/api/catalog/entities/by-name/user/default/${session.login}`,
        {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(15_000),
        },
      );
      await me.arrayBuffer();
      if (me.status !== 200) {
        problems.push(
          `${session.login} (signed in via ${session.signedInVia}): refreshed on ${servedBy}, but the token got ${me.status}`,
        );
      }
    } catch (error) {
      problems.push(
        `${session.login} (signed in via ${session.signedInVia}) is no longer signed in: ${error}`,
      );
    }
  }
  return problems;
}

/**
 * What the refreshes through a fault came to, for the log: how many, those that failed (when, why), and who is
 * still signed in afterwards (`signedOut`: stillSignedIn's answer).
 */
export function refreshesReport(
  sessions: Session[],
  refreshed: Refresh[],
  signedOut: string[],
): string {
  const failed = refreshed.filter(r => !r.ok);
  return `${sessions.length} users refreshing their sessions: ${
    refreshed.length
  } refreshes, ${failed.length} failed${failed
    .map(r => `\n  ${r.login} at ${r.at} ms: ${r.detail}`)
    .join('')}; afterwards ${sessions.length - signedOut.length} of ${
    sessions.length
  } still signed in${signedOut.map(p => `\n  ${p}`).join('')}`;
}
