import { useApi } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import { computeApiRef } from '../../api';
import { appLabel, appRefOf } from '../../lib/appRef';
import { formatAgo } from '../../lib/format';
import { SelectField } from '../common/fields';
import { ActionDialog } from './ActionDialog';
import { AppDialogProps } from './types';

export function RollbackDialog({
  app,
  revision: initialRevision,
  onClose,
  onChanged,
}: AppDialogProps & { revision: number }) {
  const api = useApi(computeApiRef);
  const revisions = app.status.revisions ?? [];
  const current =
    app.status.currentRevision ?? revisions[revisions.length - 1]?.revision;
  const earlier = revisions.filter(r => r.revision !== current).reverse();
  const [revision, setRevision] = useState(initialRevision);
  const target = revisions.find(r => r.revision === revision);
  const body = { resourceVersion: app.resourceVersion, revision };
  const change =
    target && revision !== current
      ? `${appLabel(app)}: version ${app.spec.version} → ${
          target.version
        } (revision ${current ?? '?'} → ${target.revision})`
      : undefined;

  return (
    <ActionDialog
      title={`Roll back ${app.name}`}
      change={change}
      submit={() => api.rollback(appRefOf(app), body)}
      check={() => api.checkAction(appRefOf(app), 'rollback', body)}
      expectation={{ action: 'rollback', before: app }}
      onClose={onClose}
      onChanged={onChanged}
    >
      <SelectField
        id="compute-rollback-revision"
        label="Revision"
        value={String(revision)}
        onChange={value => setRevision(Number(value))}
        options={earlier.map(r => ({
          value: String(r.revision),
          label: `${r.revision}: ${r.version}${
            r.changeCause ? ` (${r.changeCause})` : ''
          }, ${formatAgo(r.createdAt)}`,
        }))}
      />
    </ActionDialog>
  );
}
