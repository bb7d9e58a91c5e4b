import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Link } from '@backstage/core-components';
import type { ApprovalRequest } from '@atrium/plugin-compute-common';
import { formatUntil, formatWhen, whoMayApprove } from '../../lib/approvals';
import { testIds } from '../../lib/testIds';
import { ReasonList } from './ApprovalNotice';

/** Where requesters follow their requests and approvers decide them: Home's "Awaiting my approval". */
export const APPROVALS_HOME_PATH = '/';

/** The action was stored as a request (202): nothing rolls out until someone approves it. */
export function ApprovalRequested({ approval }: { approval: ApprovalRequest }) {
  return (
    <Box mt={2} data-testid={testIds.dialogApprovalRequested}>
      <Typography variant="h6" component="p">
        Approval requested
      </Typography>
      <Typography variant="body2">
        Nothing changes until it is approved. Approvers:{' '}
        {whoMayApprove(approval.team)}; they have been notified.
      </Typography>
      <ReasonList reasons={approval.reasons} />
      <Typography variant="body2" data-testid={testIds.dialogApprovalExpires}>
        It expires {formatUntil(approval.expiresAt)} (
        <time dateTime={approval.expiresAt}>
          {formatWhen(approval.expiresAt)}
        </time>
        ) unless someone decides it before.
      </Typography>
      <Typography variant="body2">
        <Link to={APPROVALS_HOME_PATH}>
          Follow your pending requests on Home
        </Link>
      </Typography>
    </Box>
  );
}
