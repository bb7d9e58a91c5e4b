import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import type { AppView } from '@atrium/plugin-compute-common';
import { KeyValueBlock } from '@atrium/ui';
import { useState } from 'react';
import { ConditionsList } from './ConditionsList';
import { PodsTable } from './PodsTable';
import { RevisionsTable } from './RevisionsTable';
import { ScalerPanel } from './ScalerPanel';

type Panel = 'pods' | 'revisions' | 'conditions' | 'scaler';

function strategyText(app: AppView) {
  const { strategy } = app.spec;
  if (!strategy) return undefined;
  if (strategy.type !== 'RollingUpdate') return strategy.type;
  return `RollingUpdate (surge ${strategy.maxSurge ?? '–'}, unavailable ${
    strategy.maxUnavailable ?? '–'
  })`;
}

/**
 * What an App's row keeps closed: its rollout facts, then its pods (with their logs), revisions (to roll back
 * to), conditions and Scaler, one at a time.
 */
export function AppDetails({
  app,
  onRollback,
}: {
  app: AppView;
  /** Set only for those allowed to act. */
  onRollback?: (revision: number) => void;
}) {
  const [panel, setPanel] = useState<Panel>('pods');
  const { spec, status } = app;
  const desired = spec.replicas;
  const id = (p: Panel) => `compute-${app.cluster}-${app.name}-${p}`;
  const tab = (p: Panel, label: string) => (
    <Tab
      value={p}
      label={label}
      id={`${id(p)}-tab`}
      aria-controls={`${id(p)}-panel`}
    />
  );

  return (
    <Box pl={5}>
      <KeyValueBlock
        aria-label={`Rollout of ${app.name}`}
        items={[
          {
            label: 'Updated',
            value: `${status.updatedReplicas ?? 0}/${desired}`,
          },
          {
            label: 'Available',
            value: `${status.availableReplicas ?? 0}/${desired}`,
          },
          { label: 'Revision', value: status.currentRevision ?? '–' },
          {
            label: 'Requests per replica',
            value: `CPU ${spec.resources.cpu}, memory ${spec.resources.memory}`,
          },
          { label: 'Strategy', value: strategyText(app) },
          { label: 'Image', value: `${spec.image}:${spec.version}` },
        ]}
      />
      <Tabs
        value={panel}
        onChange={(_, p) => setPanel(p)}
        indicatorColor="primary"
        textColor="primary"
        aria-label={`Details of ${app.name}`}
      >
        {tab('pods', `Pods (${app.pods.length})`)}
        {tab('revisions', `Revisions (${status.revisions?.length ?? 0})`)}
        {tab('conditions', `Conditions (${status.conditions?.length ?? 0})`)}
        {app.scaler && tab('scaler', 'Scaler')}
      </Tabs>
      <Box
        role="tabpanel"
        id={`${id(panel)}-panel`}
        aria-labelledby={`${id(panel)}-tab`}
        pt={1}
      >
        {panel === 'pods' && <PodsTable app={app} />}
        {panel === 'revisions' && (
          <RevisionsTable app={app} onRollback={onRollback} />
        )}
        {panel === 'conditions' && (
          <ConditionsList conditions={status.conditions} />
        )}
        {panel === 'scaler' && app.scaler && (
          <ScalerPanel scaler={app.scaler} />
        )}
      </Box>
    </Box>
  );
}
