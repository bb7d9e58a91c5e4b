import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { AppView } from '@atrium/plugin-compute-common';
import { useEffect } from 'react';
import { useRollout } from '../../hooks/useRollout';
import {
  progressText,
  progressValue,
  RolloutExpectation,
} from '../../lib/rollout';
import { testIds } from '../../lib/testIds';

export interface RolloutProgressProps {
  /** The App as the action answered it. */
  app: AppView;
  expectation: RolloutExpectation;
  /** Called once when the rollout is done, failed or no longer followed. */
  onSettled?: () => void;
}

/** Updated and ready replicas against the desired count, until the rollout is done or failed. */
export function RolloutProgress({
  app,
  expectation,
  onSettled,
}: RolloutProgressProps) {
  const { rollout, pollError } = useRollout(app, expectation);
  const settled = rollout.state !== 'progressing';

  useEffect(() => {
    if (settled) onSettled?.();
  }, [settled]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <Box mt={2}>
      <Typography variant="body2" data-testid={testIds.dialogProgress}>
        {progressText(rollout)}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={progressValue(rollout)}
        color={rollout.state === 'failed' ? 'secondary' : 'primary'}
        aria-label="Rollout progress"
      />
      <Box mt={1}>
        {rollout.state === 'progressing' && (
          <Typography variant="body2" color="textSecondary">
            Rolling out…{pollError ? ` (last check failed: ${pollError})` : ''}
          </Typography>
        )}
        {rollout.state === 'done' && (
          <Typography variant="body2" data-testid={testIds.dialogDone}>
            <StatusOK>
              Done: all {rollout.desired} replicas updated and ready.
            </StatusOK>
          </Typography>
        )}
        {rollout.state === 'failed' && (
          <Typography variant="body2" data-testid={testIds.dialogFailed}>
            <StatusError>Rollout failed: {rollout.reason}</StatusError>
          </Typography>
        )}
        {rollout.state === 'timeout' && (
          <Typography variant="body2" data-testid={testIds.dialogFailed}>
            <StatusWarning>
              Still not done after 3 minutes; stopped watching. Check the pods
              and events.
            </StatusWarning>
          </Typography>
        )}
      </Box>
    </Box>
  );
}
