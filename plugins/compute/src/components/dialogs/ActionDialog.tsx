import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { StatusError } from '@backstage/core-components';
import { ChangeSummary, FormDialog } from '@atrium/ui';
import {
  isApprovalOutcome,
  type ActionOutcome,
  type ActionResponse,
  type AppView,
  type ApprovalCheck,
  type ApprovalRequest,
} from '@atrium/plugin-compute-common';
import { ReactNode, useState } from 'react';
import { useApprovalCheck } from '../../hooks/useApprovalCheck';
import { CONFLICT_MESSAGE, describeError } from '../../lib/errors';
import { RolloutExpectation } from '../../lib/rollout';
import { testIds } from '../../lib/testIds';
import { ApprovalNotice } from './ApprovalNotice';
import { ApprovalRequested } from './ApprovalRequested';
import { RolloutProgress } from './RolloutProgress';

export interface ActionDialogProps {
  title: string;
  /** What will change, e.g. `payments-gateway in sim-eu-west: replicas 3 → 5`; none yet while undefined. */
  change?: string;
  /** Why the input can't be sent; disables Confirm. */
  invalid?: string;
  /** The inputs. */
  children?: ReactNode;
  /** Sends the action: applied, or stored as a request for approval (202). */
  submit: () => Promise<ActionOutcome>;
  /**
   * Asks, without changing anything, whether sending the change as it stands would need approval; called once
   * the form rests after an edit (debounced). Without it the dialog says nothing about approval.
   */
  check?: () => Promise<ApprovalCheck>;
  /** What the rollout should reach, given the App the answer returned. */
  expectation: Omit<RolloutExpectation, 'before'> & { before: AppView };
  onClose: () => void;
  /** Called after the action went through (and when a conflict asks for a reload). */
  onChanged: () => void;
}

type Phase =
  | { step: 'edit'; error?: string; conflict?: boolean }
  | { step: 'sending' }
  | { step: 'rollout'; response: ActionResponse; change?: string }
  | { step: 'requested'; approval: ApprovalRequest; change?: string };

/**
 * An action's dialog: the inputs, what will change and whether that needs approval (and why), Confirm (or
 * Request approval), then the rollout's progress, or the stored request when the action needs approval.
 */
export function ActionDialog(props: ActionDialogProps) {
  const {
    title,
    change,
    invalid,
    children,
    submit,
    check,
    expectation,
    onClose,
    onChanged,
  } = props;
  const [phase, setPhase] = useState<Phase>({ step: 'edit' });
  // Only while the form is edited: once it is sent, the App changes and the question is moot.
  const approval = useApprovalCheck(
    check,
    phase.step === 'edit' && !invalid ? change : undefined,
  );
  const needsApproval =
    approval.status === 'known' && approval.check.needsApproval;
  const team = expectation.before.team ?? expectation.before.namespace;

  const confirm = async () => {
    setPhase({ step: 'sending' });
    try {
      const response = await submit();
      setPhase(
        isApprovalOutcome(response)
          ? { step: 'requested', approval: response.approval, change }
          : { step: 'rollout', response, change },
      );
      onChanged();
    } catch (e) {
      const error = describeError(e);
      setPhase({ step: 'edit', error, conflict: error === CONFLICT_MESSAGE });
    }
  };

  const editing = phase.step === 'edit' || phase.step === 'sending';
  const conflict = phase.step === 'edit' && phase.conflict;

  return (
    <FormDialog
      title={title}
      onClose={onClose}
      data-testid={testIds.dialog}
      actions={
        <>
          {conflict ? (
            <Button
              onClick={() => {
                onChanged();
                onClose();
              }}
            >
              Reload
            </Button>
          ) : (
            <Button onClick={onClose}>{editing ? 'Cancel' : 'Close'}</Button>
          )}
          {editing && !conflict && (
            <Button
              color="primary"
              variant="contained"
              onClick={confirm}
              disabled={!change || !!invalid || phase.step === 'sending'}
              data-testid={testIds.dialogConfirm}
            >
              {phase.step === 'sending' && 'Sending…'}
              {phase.step !== 'sending' &&
                (needsApproval ? 'Request approval' : 'Confirm')}
            </Button>
          )}
        </>
      }
    >
      {editing && children}
      <ChangeSummary
        heading="What will change"
        testId={testIds.dialogChange}
        problem={editing ? invalid : undefined}
      >
        {(phase.step === 'rollout' || phase.step === 'requested'
          ? phase.change
          : change) ?? 'Nothing yet.'}
      </ChangeSummary>
      {editing && (
        <Box mt={2}>
          <ApprovalNotice
            state={approval}
            action={expectation.action}
            team={team}
          />
        </Box>
      )}
      {phase.step === 'edit' && phase.error && (
        <Box mt={2} data-testid={testIds.dialogFailed}>
          <StatusError>{phase.error}</StatusError>
        </Box>
      )}
      {phase.step === 'rollout' && (
        <RolloutProgress
          app={phase.response.app}
          expectation={expectation}
          onSettled={onChanged}
        />
      )}
      {phase.step === 'requested' && (
        <ApprovalRequested approval={phase.approval} />
      )}
    </FormDialog>
  );
}
