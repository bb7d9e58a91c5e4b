import Chip from '@material-ui/core/Chip';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { AppPhase } from '@atrium/plugin-compute-common';

/** A status icon for an App phase or a pod phase. */
export function PhaseStatus({
  phase,
  children,
}: {
  phase?: string;
  children?: React.ReactNode;
}) {
  const content = children ?? phase ?? 'Unknown';
  switch (phase as AppPhase | 'Succeeded' | undefined) {
    case 'Running':
    case 'Succeeded':
      return <StatusOK>{content}</StatusOK>;
    case 'Degraded':
      return <StatusWarning>{content}</StatusWarning>;
    case 'Failed':
      return <StatusError>{content}</StatusError>;
    default:
      return <StatusPending>{content}</StatusPending>;
  }
}

/** The App's phase as a chip. */
export function PhaseChip({
  phase,
  testId,
}: {
  phase?: string;
  testId?: string;
}) {
  return (
    <Chip
      size="small"
      variant="outlined"
      label={<PhaseStatus phase={phase} />}
      data-testid={testId}
    />
  );
}
