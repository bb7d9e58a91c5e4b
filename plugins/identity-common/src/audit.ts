/** How a sign-in attempt ended. */
export type SignInResult = 'success' | 'refused' | 'error';

/** One sign-in attempt, as the audit records it. */
export interface SignInAuditRecord {
  id: number;
  /** ISO 8601, UTC. */
  occurredAt: string;
  /** The auth provider the attempt came through, e.g. `oidc`. */
  providerId: string;
  /** An interactive sign-in, or a session refresh (recorded only when refused). */
  flow: 'sign-in' | 'refresh';
  /** Who the identity provider said it was: the claim the resolver matched on (e-mail or username). */
  subject: string;
  /** The catalog User the attempt resolved to, when it did. */
  userEntityRef?: string;
  result: SignInResult;
  /** Why it was refused or failed. */
  reason?: string;
}

/** A page of sign-in records, newest first. */
export interface SignInAuditPage {
  items: SignInAuditRecord[];
  /** Pass as `before` to get the next (older) page; absent on the last page. */
  nextBefore?: number;
}
