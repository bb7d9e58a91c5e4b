import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import type { Condition } from '@atrium/plugin-compute-common';
import { SimpleTable } from '@atrium/ui';
import { formatAgo, formatTime } from '../../lib/format';

function ConditionStatus({ status }: { status: Condition['status'] }) {
  if (status === 'True') return <StatusOK>True</StatusOK>;
  if (status === 'False') return <StatusError>False</StatusError>;
  return <StatusPending>Unknown</StatusPending>;
}

export function ConditionsList({ conditions }: { conditions?: Condition[] }) {
  return (
    <SimpleTable<Condition>
      label="Conditions"
      rows={conditions ?? []}
      rowKey={c => c.type}
      empty="No conditions reported."
      columns={[
        { title: 'Type', render: c => c.type },
        { title: 'Status', render: c => <ConditionStatus status={c.status} /> },
        { title: 'Reason', render: c => c.reason ?? '' },
        { title: 'Message', render: c => c.message ?? '' },
        {
          title: 'Since',
          render: c => (
            <span title={formatTime(c.lastTransitionTime)}>
              {formatAgo(c.lastTransitionTime)}
            </span>
          ),
        },
      ]}
    />
  );
}
