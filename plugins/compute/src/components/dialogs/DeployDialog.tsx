import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { describeError } from '../../lib/errors';
import { computeApiRef } from '../../api';
import { appLabel, appRefOf } from '../../lib/appRef';
import { SelectField } from '../common/fields';
import { ActionDialog } from './ActionDialog';
import { AppDialogProps } from './types';

export function DeployDialog({ app, onClose, onChanged }: AppDialogProps) {
  const api = useApi(computeApiRef);
  const running = app.spec.version;
  const tags = useAsync(
    () => api.getImageTags(appRefOf(app)),
    [api, app.cluster, app.namespace, app.name],
  );
  const [version, setVersion] = useState('');
  const body = { resourceVersion: app.resourceVersion, version };
  const change =
    version && version !== running
      ? `${appLabel(app)}: version ${running} → ${version}`
      : undefined;

  return (
    <ActionDialog
      title={`Deploy ${app.name}`}
      change={change}
      submit={() => api.deploy(appRefOf(app), body)}
      check={() => api.checkAction(appRefOf(app), 'deploy', body)}
      expectation={{ action: 'deploy', before: app }}
      onClose={onClose}
      onChanged={onChanged}
    >
      {tags.loading && <Progress />}
      {tags.error && (
        <ResponseErrorPanel
          title={describeError(tags.error)}
          error={tags.error}
        />
      )}
      {tags.value && (
        <SelectField
          id="compute-deploy-version"
          label="Version"
          value={version}
          onChange={setVersion}
          helperText={tags.value.image}
          options={[
            { value: '', label: 'Pick a version' },
            ...(tags.value.tags.includes(running)
              ? tags.value.tags
              : [running, ...tags.value.tags]
            ).map(tag => ({
              value: tag,
              label: tag === running ? `${tag} (running)` : tag,
            })),
          ]}
        />
      )}
    </ActionDialog>
  );
}
