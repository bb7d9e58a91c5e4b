/**
 * What tests/adoption.test.ts hands its parts (tests/adoption/*.ts): the demo users the tests act as, and
 * `AdoptionSuite`, the two backends' callers (SQLite's and PostgreSQL's, started by the suite) and the suite's
 * clock, which every part's events and ranges count back from.
 */
import type { AdoptionCaller } from '../lib/adoption.ts';
import type { Postgres } from '../lib/postgres.ts';

export const ADMIN = 'ravi.subramanian';
export const ALICE = 'alice.nakamura'; // team-payments
export const NADIA = 'nadia.haddad'; // team-payments
export const ZOE = 'zoe.marchetti'; // team-storefront: the reader group
export const PAYMENTS = 'group:default/team-payments';

/** The suite's stack and clock; use them in tests (the stack starts in the suite's `before`). */
export interface AdoptionSuite {
  /** When the suite started (ms): the day every event and range counts back from. */
  readonly now: number;
  /** The PostgreSQL cluster under the second backend. */
  readonly pg: Postgres;
  /** A caller of each backend: [SQLite's, PostgreSQL's]; filled when the stack is up. */
  readonly callers: readonly AdoptionCaller[];
  /** Runs the same step on both backends; answers [SQLite's, PostgreSQL's]. */
  both<T>(step: (c: AdoptionCaller) => Promise<T>): Promise<T[]>;
  /** A page view of `path`, `days` before `now`. */
  view(path: string, days: number, extra?: object): object;
}
