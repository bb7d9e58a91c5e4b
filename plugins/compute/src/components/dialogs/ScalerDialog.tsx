import Box from '@material-ui/core/Box';
import { useApi } from '@backstage/frontend-plugin-api';
import type { ScalerView } from '@atrium/plugin-compute-common';
import { LIMITS } from '@atrium/plugin-compute-common';
import { useState } from 'react';
import { computeApiRef } from '../../api';
import { appLabel, appRefOf } from '../../lib/appRef';
import { typedNumber, WholeNumberField } from '../common/fields';
import { ActionDialog } from './ActionDialog';
import { replicasProblem } from './ScaleDialog';
import { AppDialogProps } from './types';

export function ScalerDialog({
  app,
  scaler,
  onClose,
  onChanged,
}: AppDialogProps & { scaler: ScalerView }) {
  const api = useApi(computeApiRef);
  const [minInput, setMinInput] = useState(String(scaler.minReplicas));
  const [maxInput, setMaxInput] = useState(String(scaler.maxReplicas));
  const min = typedNumber(minInput);
  const max = typedNumber(maxInput);
  const invalid =
    replicasProblem(min, 'Min replicas') ??
    replicasProblem(max, 'Max replicas') ??
    (max < 1 ? 'Max replicas must be at least 1' : undefined) ??
    (min > max ? "Min replicas can't be more than max replicas" : undefined);
  const parts = [
    min !== scaler.minReplicas
      ? `min replicas ${scaler.minReplicas} → ${min}`
      : undefined,
    max !== scaler.maxReplicas
      ? `max replicas ${scaler.maxReplicas} → ${max}`
      : undefined,
  ].filter(Boolean);
  const body = {
    resourceVersion: scaler.resourceVersion,
    minReplicas: min,
    maxReplicas: max,
  };
  const change =
    !invalid && parts.length
      ? `${appLabel(app)}: ${parts.join(', ')}`
      : undefined;

  return (
    <ActionDialog
      title={`Edit bounds of ${scaler.name}`}
      change={change}
      invalid={invalid}
      submit={() => api.setScalerBounds(appRefOf(app), body)}
      check={() => api.checkAction(appRefOf(app), 'scaler', body)}
      expectation={{ action: 'scaler', before: app, bounds: { min, max } }}
      onClose={onClose}
      onChanged={onChanged}
    >
      <Box display="flex" style={{ gap: 16 }}>
        <WholeNumberField
          id="compute-scaler-min"
          label="Min replicas"
          value={minInput}
          onChange={setMinInput}
          min={0}
          max={LIMITS.maxReplicas}
        />
        <WholeNumberField
          id="compute-scaler-max"
          label="Max replicas"
          value={maxInput}
          onChange={setMaxInput}
          min={1}
          max={LIMITS.maxReplicas}
          helperText={`At most ${LIMITS.maxReplicas}`}
        />
      </Box>
    </ActionDialog>
  );
}
