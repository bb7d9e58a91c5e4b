import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { AppView } from '@atrium/plugin-compute-common';
import { testIds } from '../../lib/testIds';
import { PhaseChip } from '../common/PhaseChip';

function Field({
  label,
  children,
  testId,
}: {
  label: string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <Box mr={3} mb={1}>
      <Typography variant="caption" color="textSecondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" component="div" data-testid={testId}>
        {children}
      </Typography>
    </Box>
  );
}

/** Phase, replicas against desired, version, tier and requests of one App. */
export function AppStatusSummary({ app }: { app: AppView }) {
  const { spec, status } = app;
  const desired = spec.replicas;
  return (
    <Box display="flex" flexWrap="wrap" alignItems="flex-start">
      <Field label="Phase">
        <PhaseChip
          phase={status.phase}
          testId={testIds.appPhase(app.cluster, app.name)}
        />
      </Field>
      <Field
        label="Ready / desired"
        testId={testIds.appReplicas(app.cluster, app.name)}
      >
        {`${status.readyReplicas ?? 0}/${desired}`}
      </Field>
      <Field label="Updated">{`${
        status.updatedReplicas ?? 0
      }/${desired}`}</Field>
      <Field label="Available">{`${
        status.availableReplicas ?? 0
      }/${desired}`}</Field>
      <Field label="Version">{spec.version}</Field>
      <Field label="Revision">{status.currentRevision ?? '–'}</Field>
      <Field label="Tier">
        <Chip size="small" label={spec.tier} />
      </Field>
      <Field label="Requests per replica">
        {`CPU ${spec.resources.cpu}, memory ${spec.resources.memory}`}
      </Field>
      {spec.strategy && (
        <Field label="Strategy">
          {spec.strategy.type}
          {spec.strategy.type === 'RollingUpdate' &&
            ` (surge ${spec.strategy.maxSurge ?? '–'}, unavailable ${
              spec.strategy.maxUnavailable ?? '–'
            })`}
        </Field>
      )}
    </Box>
  );
}
