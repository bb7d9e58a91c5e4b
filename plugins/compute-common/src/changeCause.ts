/**
 * The annotation on an App that says why its next revision is made. Compute's actions write it; the
 * controller copies it onto the revision it makes (`AppRevision.changeCause`), so later readers of the
 * revision history can tell a deploy from a rollback or a restart.
 */
export const CHANGE_CAUSE_ANNOTATION = 'compute.atrium.dev/change-cause';

/** A change cause that compute's actions write. */
export type ChangeCause =
  | { kind: 'deploy'; version: string }
  | { kind: 'rollback'; revision: number }
  | { kind: 'restart' };

/** What a revision was made by: a deploy, a rollback, a restart, or something else (`other`). */
export type ChangeCauseKind = ChangeCause['kind'] | 'other';

/** A change cause as read back from a revision. */
export interface ParsedChangeCause {
  /**
   * What the cause says it was, from how it begins (case aside): `deploy…`, `rollback…`, `restart…`, or
   * `other` (the controller's `update` for a change nobody explained, or a note written by hand).
   */
  kind: ChangeCauseKind;
  /** The cause, when it is exactly in the form {@link formatChangeCause} writes (case aside). */
  written?: ChangeCause;
  /** The cause as it was written, without surrounding white space; empty when there was none. */
  text: string;
}

/** The annotation's value for a change made by compute's actions; {@link parseChangeCause} reads it back. */
export function formatChangeCause(cause: ChangeCause): string {
  switch (cause.kind) {
    case 'deploy':
      return `deploy ${cause.version}`;
    case 'rollback':
      return `rollback to revision ${cause.revision}`;
    case 'restart':
      return 'restart';
    default:
      throw new Error(`Unknown change cause ${JSON.stringify(cause)}`);
  }
}

/**
 * Reads a revision's change cause. Readers that only sort revisions by kind use `kind`, which also accepts
 * causes written by hand; readers that need the deployed version or the rollback's target use `written`.
 * Rollbacks recorded before the cause said `revision` (`rollback to 3`) are read too.
 */
export function parseChangeCause(changeCause?: string): ParsedChangeCause {
  const text = (changeCause ?? '').trim();
  return { kind: kindOf(text), written: writtenForm(text), text };
}

function kindOf(text: string): ChangeCauseKind {
  const lower = text.toLocaleLowerCase('en-US');
  if (lower.startsWith('rollback')) return 'rollback';
  if (lower.startsWith('restart')) return 'restart';
  if (lower.startsWith('deploy')) return 'deploy';
  return 'other';
}

function writtenForm(text: string): ChangeCause | undefined {
  const rollback = /^rollback to (?:revision )?(\d+)$/i.exec(text);
  if (rollback) return { kind: 'rollback', revision: Number(rollback[1]) };
  if (/^restart$/i.test(text)) return { kind: 'restart' };
  const deploy = /^deploy (.+)$/is.exec(text);
  if (deploy) return { kind: 'deploy', version: deploy[1] };
  return undefined;
}
