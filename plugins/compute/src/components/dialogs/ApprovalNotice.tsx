import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ApprovalCheckState } from '../../hooks/useApprovalCheck';
import type {
  ApprovalReason,
  ApprovalRequest,
} from '@atrium/plugin-compute-common';
import { actionNoun, teamName } from '../../lib/approvals';
import { testIds } from '../../lib/testIds';

const useStyles = makeStyles(theme => ({
  notice: {
    borderLeft: `4px solid ${theme.palette.warning.main}`,
    background: theme.palette.background.default,
    padding: theme.spacing(1, 2),
  },
  unknown: {
    borderLeft: `4px solid ${theme.palette.info.main}`,
    background: theme.palette.background.default,
    padding: theme.spacing(1, 2),
  },
}));

export function ReasonList({ reasons }: { reasons: ApprovalReason[] }) {
  if (reasons.length === 0) return null;
  return (
    <Box component="ul" m={0} pl={3} aria-label="Why approval is needed">
      {reasons.map(reason => (
        <li key={`${reason.rule}:${reason.message}`} data-rule={reason.rule}>
          <Typography variant="body2">{reason.message}</Typography>
        </li>
      ))}
    </Box>
  );
}

/**
 * Says before Confirm whether the change needs another person's approval, and why; or that it could not tell
 * (the action itself still decides, and asks for approval if it must).
 */
export function ApprovalNotice(props: {
  state: ApprovalCheckState;
  action: ApprovalRequest['action'];
  team: string;
}) {
  const { state, action, team } = props;
  const classes = useStyles();
  if (state.status === 'idle') return null;
  if (state.status === 'checking') {
    return (
      <Typography
        variant="caption"
        color="textSecondary"
        data-testid={testIds.dialogApproval}
        data-approval="checking"
      >
        Checking whether this needs approval…
      </Typography>
    );
  }
  if (state.status === 'failed') {
    return (
      <Box
        className={classes.unknown}
        role="status"
        data-testid={testIds.dialogApproval}
        data-approval="unknown"
      >
        <Typography variant="body2">
          Could not tell whether this {actionNoun(action)} needs approval (
          {state.error}). If it does, confirming asks for it.
        </Typography>
      </Box>
    );
  }
  if (!state.check.needsApproval) {
    return (
      <Typography
        variant="caption"
        color="textSecondary"
        data-testid={testIds.dialogApproval}
        data-approval="not-needed"
      >
        No approval needed.
      </Typography>
    );
  }
  return (
    <Box
      className={classes.notice}
      role="status"
      data-testid={testIds.dialogApproval}
      data-approval="needed"
    >
      <Typography variant="subtitle2">
        This {actionNoun(action)} needs approval from another member of{' '}
        {teamName(team)}
      </Typography>
      <ReasonList reasons={state.check.reasons} />
      <Typography variant="caption" color="textSecondary">
        A platform admin may approve it too. Nobody approves their own request.
      </Typography>
    </Box>
  );
}
