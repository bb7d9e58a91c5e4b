import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { AppView } from '@atrium/plugin-compute-common';
import { ReactNode, useEffect, useState } from 'react';
import { computeApiRef } from '../../api';
import { appRefOf } from '../../lib/appRef';
import { testIds } from '../../lib/testIds';
import {
  DeployDialog,
  RestartDialog,
  RollbackDialog,
  ScaleDialog,
  ScalerDialog,
} from '../dialogs';
import { AppStatusSummary } from './AppStatusSummary';
import { ConditionsList } from './ConditionsList';
import { PodsTable } from './PodsTable';
import { RevisionsTable } from './RevisionsTable';
import { ScalerPanel } from './ScalerPanel';

/**
 * The open dialog, with the App as the API server had it when the user opened it: the tab's list comes from the
 * backend's watch-fed cache and may lag the latest status write, and an action sent with an older
 * resourceVersion would be refused as a conflict. `fresh` is false until that read answered.
 */
type OpenDialog =
  | {
      kind: 'scale' | 'restart' | 'deploy' | 'scaler';
      app: AppView;
      fresh: boolean;
    }
  | { kind: 'rollback'; app: AppView; revision: number; fresh: boolean };

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box mt={3}>
      <Typography variant="h6" gutterBottom>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** One App: status, conditions, pods, revisions, Scaler and (for those allowed) its actions. */
export function AppCard({
  app,
  canOperate,
  onChanged,
}: {
  app: AppView;
  canOperate: boolean;
  onChanged: () => void;
}) {
  const api = useApi(computeApiRef);
  const [dialog, setDialog] = useState<OpenDialog | undefined>();
  const close = () => setDialog(undefined);
  const open = (kind: 'scale' | 'restart' | 'deploy' | 'scaler') => () =>
    setDialog({ kind, app, fresh: false });
  const { cluster, name } = app;
  const opened = dialog && !dialog.fresh ? dialog.kind : undefined;

  useEffect(() => {
    if (!opened) return undefined;
    const controller = new AbortController();
    // The App from the API server; if that read fails, the dialog opens with the tab's copy and the action
    // itself reports any conflict.
    api
      .getApp(appRefOf(app), { signal: controller.signal })
      .catch(() => app)
      .then(current => {
        if (!controller.signal.aborted) {
          setDialog(d =>
            d && !d.fresh ? { ...d, app: current, fresh: true } : d,
          );
        }
      });
    return () => controller.abort();
  }, [api, app, opened]);

  return (
    <div data-testid={testIds.app(cluster, name)}>
      <InfoCard title={name} subheader={`namespace ${app.namespace}`}>
        <AppStatusSummary app={app} />
        {canOperate && (
          <Box display="flex" style={{ gap: 8 }} mt={1}>
            <Button
              variant="outlined"
              size="small"
              onClick={open('scale')}
              data-testid={testIds.action('scale', cluster, name)}
            >
              Scale
            </Button>
            <Button
              variant="outlined"
              size="small"
              onClick={open('restart')}
              data-testid={testIds.action('restart', cluster, name)}
            >
              Restart
            </Button>
            <Button
              variant="outlined"
              size="small"
              onClick={open('deploy')}
              data-testid={testIds.action('deploy', cluster, name)}
            >
              Deploy
            </Button>
          </Box>
        )}
        <Section title="Conditions">
          <ConditionsList conditions={app.status.conditions} />
        </Section>
        <Section title="Pods">
          <PodsTable app={app} />
        </Section>
        <Section title="Revisions">
          <RevisionsTable
            app={app}
            onRollback={
              canOperate
                ? revision =>
                    setDialog({ kind: 'rollback', app, revision, fresh: false })
                : undefined
            }
          />
        </Section>
        {app.scaler && (
          <Section title="Scaler">
            <ScalerPanel
              scaler={app.scaler}
              onEdit={canOperate ? open('scaler') : undefined}
              editTestId={testIds.action('scaler', cluster, name)}
            />
          </Section>
        )}
      </InfoCard>
      {dialog && !dialog.fresh && <Progress />}
      {dialog?.fresh && dialog.kind === 'scale' && (
        <ScaleDialog app={dialog.app} onClose={close} onChanged={onChanged} />
      )}
      {dialog?.fresh && dialog.kind === 'restart' && (
        <RestartDialog app={dialog.app} onClose={close} onChanged={onChanged} />
      )}
      {dialog?.fresh && dialog.kind === 'deploy' && (
        <DeployDialog app={dialog.app} onClose={close} onChanged={onChanged} />
      )}
      {dialog?.fresh && dialog.kind === 'rollback' && (
        <RollbackDialog
          app={dialog.app}
          revision={dialog.revision}
          onClose={close}
          onChanged={onChanged}
        />
      )}
      {dialog?.fresh && dialog.kind === 'scaler' && dialog.app.scaler && (
        <ScalerDialog
          app={dialog.app}
          scaler={dialog.app.scaler}
          onClose={close}
          onChanged={onChanged}
        />
      )}
    </div>
  );
}
