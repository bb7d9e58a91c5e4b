import Typography from '@material-ui/core/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import { computeApiRef } from '../../api';
import { appLabel, appRefOf } from '../../lib/appRef';
import { ActionDialog } from './ActionDialog';
import { AppDialogProps } from './types';

export function RestartDialog({ app, onClose, onChanged }: AppDialogProps) {
  const api = useApi(computeApiRef);
  const change = `${appLabel(app)}: replace all ${
    app.spec.replicas
  } pods, one by one (version ${app.spec.version} stays)`;
  const body = { resourceVersion: app.resourceVersion };
  return (
    <ActionDialog
      title={`Restart ${app.name}`}
      change={change}
      submit={() => api.restart(appRefOf(app), body)}
      check={() => api.checkAction(appRefOf(app), 'restart', body)}
      expectation={{ action: 'restart', before: app }}
      onClose={onClose}
      onChanged={onChanged}
    >
      <Typography variant="body2">
        A rolling restart: new pods start before old ones stop, following the
        App's rollout strategy.
      </Typography>
    </ActionDialog>
  );
}
