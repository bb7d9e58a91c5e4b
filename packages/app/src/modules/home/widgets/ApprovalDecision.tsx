import { useState } from 'react';
import { Box, Button, TextField, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { describeError } from '@atrium/ui';
import { actionNoun } from '@atrium/plugin-compute';
import type { ApprovalRequest } from '@atrium/plugin-compute-common';

/** What the App's 409 means to an approver: the request was for an App that is no longer as it was. */
export const APP_CHANGED_MESSAGE =
  'Not applied: the App changed since the request; ask again.';

/** How a decision ended, as the approver sees it in place of the buttons. */
export type DecisionOutcome =
  | { ok: true; message: string }
  | { ok: false; message: string };

const statusOf = (error: unknown) =>
  (error as { statusCode?: unknown })?.statusCode;

/**
 * The approver's words for a failed decision. A 409 is either the App having changed since the request (the
 * backend then marks the request failed) or the request being decided or expired meanwhile: the request as it
 * is now tells which. A 403 and the rest say the backend's reason.
 */
export async function decisionFailure(
  error: unknown,
  reload: () => Promise<ApprovalRequest>,
): Promise<string> {
  if (statusOf(error) !== 409) return describeError(error);
  const now = await reload().catch(() => undefined);
  if (!now || now.status === 'failed') return APP_CHANGED_MESSAGE;
  return `Already ${now.status}: ${describeError(error)}`;
}

export interface ApprovalDecisionProps {
  approval: ApprovalRequest;
  approve: () => Promise<unknown>;
  reject: (comment?: string) => Promise<unknown>;
  /** The request as it is now (after a 409, to say why). */
  reload: () => Promise<ApprovalRequest>;
}

/**
 * Approve or Reject one request; Reject first asks for an optional comment. After the decision its outcome
 * stays in place of the buttons (applied, rejected, or why not).
 */
export function ApprovalDecision(props: ApprovalDecisionProps) {
  const { approval, approve, reject, reload } = props;
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const [outcome, setOutcome] = useState<DecisionOutcome>();
  const noun = actionNoun(approval.action);

  const decide = async (run: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await run();
      setOutcome({ ok: true, message: done });
    } catch (error) {
      setOutcome({ ok: false, message: await decisionFailure(error, reload) });
    } finally {
      setBusy(false);
      setRejecting(false);
    }
  };

  if (outcome) {
    return (
      <Alert
        severity={outcome.ok ? 'success' : 'error'}
        data-testid="approval-outcome"
      >
        {outcome.message}
      </Alert>
    );
  }
  if (rejecting) {
    return (
      <Box display="flex" alignItems="flex-end" style={{ gap: 8 }}>
        <TextField
          id={`approval-reject-comment-${approval.id}`}
          label="Comment (optional)"
          value={comment}
          onChange={e => setComment(e.target.value)}
          size="small"
          fullWidth
        />
        <Button
          size="small"
          variant="contained"
          disabled={busy}
          onClick={() =>
            decide(
              () => reject(comment.trim() || undefined),
              `Rejected; the ${noun} was not applied.`,
            )
          }
        >
          Confirm rejection
        </Button>
        <Button
          size="small"
          disabled={busy}
          onClick={() => setRejecting(false)}
        >
          Cancel
        </Button>
      </Box>
    );
  }
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <Button
        size="small"
        color="primary"
        variant="contained"
        disabled={busy}
        onClick={() => decide(approve, `Approved; the ${noun} was applied.`)}
      >
        {busy ? 'Approving…' : 'Approve'}
      </Button>
      <Button
        size="small"
        variant="outlined"
        disabled={busy}
        onClick={() => setRejecting(true)}
      >
        Reject
      </Button>
      {busy && (
        <Typography variant="caption" color="textSecondary">
          Applying against the App as it was requested…
        </Typography>
      )}
    </Box>
  );
}
