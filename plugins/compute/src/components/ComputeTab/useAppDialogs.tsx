import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import type { AppView } from '@atrium/plugin-compute-common';
import { useEffect, useState } from 'react';
import { computeApiRef } from '../../api';
import { appRefOf } from '../../lib/appRef';
import {
  DeployDialog,
  RestartDialog,
  RollbackDialog,
  ScaleDialog,
  ScalerDialog,
} from '../dialogs';

export type DialogKind = 'scale' | 'restart' | 'deploy' | 'scaler';

/**
 * The open dialog, with the App as the API server had it when the user opened it: the tab's list comes from the
 * backend's watch-fed cache and may lag the latest status write, and an action sent with an older
 * resourceVersion would be refused as a conflict. `fresh` is false until that read answered.
 */
type OpenDialog =
  | { kind: DialogKind; app: AppView; fresh: boolean }
  | { kind: 'rollback'; app: AppView; revision: number; fresh: boolean };

/** One App's action dialogs: `open` and `openRollback` start one, `dialogs` renders the open one. */
export function useAppDialogs(app: AppView, onChanged: () => void) {
  const api = useApi(computeApiRef);
  const [dialog, setDialog] = useState<OpenDialog | undefined>();
  const close = () => setDialog(undefined);
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

  const dialogs = (
    <>
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
    </>
  );

  return {
    open: (kind: DialogKind) => setDialog({ kind, app, fresh: false }),
    openRollback: (revision: number) =>
      setDialog({ kind: 'rollback', app, revision, fresh: false }),
    dialogs,
  };
}
