import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import { LIMITS } from '@atrium/plugin-compute-common';
import { useState } from 'react';
import { computeApiRef } from '../../api';
import { appLabel, appRefOf } from '../../lib/appRef';
import { typedNumber, WholeNumberField } from '../common/fields';
import { ActionDialog } from './ActionDialog';
import { AppDialogProps } from './types';

/** Why a replica count can't be sent, if it can't. */
export function replicasProblem(
  n: number,
  label = 'Replicas',
): string | undefined {
  if (!Number.isInteger(n)) return `${label} must be a whole number`;
  if (n < 0) return `${label} can't be negative`;
  if (n > LIMITS.maxReplicas)
    return `${label} can be at most ${LIMITS.maxReplicas}`;
  return undefined;
}

export function ScaleDialog({ app, onClose, onChanged }: AppDialogProps) {
  const api = useApi(computeApiRef);
  const current = app.spec.replicas;
  const [input, setInput] = useState(String(current));
  const replicas = typedNumber(input);
  const invalid = replicasProblem(replicas);
  const body = { resourceVersion: app.resourceVersion, replicas };
  const change =
    !invalid && replicas !== current
      ? `${appLabel(app)}: replicas ${current} → ${replicas}`
      : undefined;

  return (
    <ActionDialog
      title={`Scale ${app.name}`}
      change={change}
      invalid={invalid}
      submit={() => api.scale(appRefOf(app), body)}
      check={() => api.checkAction(appRefOf(app), 'scale', body)}
      expectation={{ action: 'scale', before: app }}
      onClose={onClose}
      onChanged={onChanged}
    >
      <WholeNumberField
        id="compute-scale-replicas"
        label="Replicas"
        value={input}
        onChange={setInput}
        min={0}
        max={LIMITS.maxReplicas}
        helperText={`0 to ${LIMITS.maxReplicas}`}
      />
      {app.scaler && (
        <Typography variant="body2" color="textSecondary">
          The Scaler {app.scaler.name} keeps replicas between{' '}
          {app.scaler.minReplicas} and {app.scaler.maxReplicas} and may change
          them again; edit its bounds to change that.
        </Typography>
      )}
    </ActionDialog>
  );
}
