import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import type { ApprovalCheckState } from '../../hooks/useApprovalCheck';
import type {
  ApprovalReason,
  ApprovalRequest,
} from '@atrium/plugin-compute-common';
import { actionNoun, teamName } from '../../lib/approvals';
import { testIds } from '../../lib/testIds';

const useStyles = makeStyles(theme => {
  const boxed = (colour: string) => ({
    borderLeft: `4px solid ${colour}`,
    background: theme.palette.background.default,
    padding: theme.spacing(1, 2),
  });
  return {
    needed: boxed(theme.palette.warning.main),
    unknown: boxed(theme.palette.info.main),
  };
});

/** The notice as one quiet line: checking, or not needed (`data-approval` says which, for browser tests). */
function NoticeLine(props: {
  state: 'checking' | 'not-needed';
  children: ReactNode;
}) {
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      data-testid={testIds.dialogApproval}
      data-approval={props.state}
    >
      {props.children}
    </Typography>
  );
}

/** The notice as a marked box: approval needed, or could not tell. */
function NoticeBox(props: {
  state: 'needed' | 'unknown';
  children: ReactNode;
}) {
  const classes = useStyles();
  return (
    <Box
      className={classes[props.state]}
      role="status"
      data-testid={testIds.dialogApproval}
      data-approval={props.state}
    >
      {props.children}
    </Box>
  );
}

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
  if (state.status === 'idle') return null;
  if (state.status === 'checking') {
    return (
      <NoticeLine state="checking">
        Checking whether this needs approval…
      </NoticeLine>
    );
  }
  if (state.status === 'failed') {
    return (
      <NoticeBox state="unknown">
        <Typography variant="body2">
          Could not tell whether this {actionNoun(action)} needs approval (
          {state.error}). If it does, confirming asks for it.
        </Typography>
      </NoticeBox>
    );
  }
  if (!state.check.needsApproval) {
    return <NoticeLine state="not-needed">No approval needed.</NoticeLine>;
  }
  return (
    <NoticeBox state="needed">
      <Typography variant="subtitle2">
        This {actionNoun(action)} needs approval from another member of{' '}
        {teamName(team)}
      </Typography>
      <ReasonList reasons={state.check.reasons} />
      <Typography variant="caption" color="textSecondary">
        A platform admin may approve it too. Nobody approves their own request.
      </Typography>
    </NoticeBox>
  );
}
