import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import { StatusError } from '@backstage/core-components';
import type { ActionResponse, AppView } from '@atrium/plugin-compute-common';
import { ReactNode, useState } from 'react';
import { CONFLICT_MESSAGE, describeError } from '../../lib/errors';
import { RolloutExpectation } from '../../lib/rollout';
import { testIds } from '../../lib/testIds';
import { RolloutProgress } from './RolloutProgress';

export interface ActionDialogProps {
  title: string;
  /** What will change, e.g. `payments-gateway in sim-eu-west: replicas 3 → 5`; none yet while undefined. */
  change?: string;
  /** Why the input can't be sent; disables Confirm. */
  invalid?: string;
  /** The inputs. */
  children?: ReactNode;
  /** Sends the action. */
  submit: () => Promise<ActionResponse>;
  /** What the rollout should reach, given the App the answer returned. */
  expectation: Omit<RolloutExpectation, 'before'> & { before: AppView };
  onClose: () => void;
  /** Called after the action went through (and when a conflict asks for a reload). */
  onChanged: () => void;
}

type Phase =
  | { step: 'edit'; error?: string; conflict?: boolean }
  | { step: 'sending' }
  | { step: 'rollout'; response: ActionResponse; change?: string };

/** An action's dialog: the inputs, what will change, Confirm, then the rollout's progress. */
export function ActionDialog(props: ActionDialogProps) {
  const {
    title,
    change,
    invalid,
    children,
    submit,
    expectation,
    onClose,
    onChanged,
  } = props;
  const [phase, setPhase] = useState<Phase>({ step: 'edit' });

  const confirm = async () => {
    setPhase({ step: 'sending' });
    try {
      const response = await submit();
      setPhase({ step: 'rollout', response, change });
      onChanged();
    } catch (e) {
      const error = describeError(e);
      setPhase({ step: 'edit', error, conflict: error === CONFLICT_MESSAGE });
    }
  };

  const editing = phase.step === 'edit' || phase.step === 'sending';
  const conflict = phase.step === 'edit' && phase.conflict;

  return (
    <Dialog
      open
      onClose={onClose}
      fullWidth
      maxWidth="sm"
      data-testid={testIds.dialog}
    >
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        {editing && children}
        <Box mt={2}>
          <Typography variant="subtitle2">What will change</Typography>
          <Typography variant="body1" data-testid={testIds.dialogChange}>
            {(phase.step === 'rollout' ? phase.change : change) ??
              'Nothing yet.'}
          </Typography>
          {editing && invalid && (
            <Typography variant="body2" color="error">
              {invalid}
            </Typography>
          )}
        </Box>
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
      </DialogContent>
      <DialogActions>
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
            {phase.step === 'sending' ? 'Sending…' : 'Confirm'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
