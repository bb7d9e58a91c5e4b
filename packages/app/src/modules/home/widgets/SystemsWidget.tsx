import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { SimpleTable } from '@atrium/ui';
import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';

/** Entity specs may name a target without kind or namespace ("team-payments"); complete it. */
const refOf = (value: unknown, defaultKind: string) =>
  parseEntityRef(String(value), { defaultKind, defaultNamespace: 'default' });

/** The systems of the company, with their domain and owner. */
export const SystemsWidget = () => {
  const catalogApi = useApi(catalogApiRef);
  const systems = useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'System' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.domain',
        'spec.owner',
      ],
      order: { field: 'metadata.name', order: 'asc' },
    });
    return items;
  }, [catalogApi]);

  if (systems.loading) return <Progress />;
  if (systems.error) return <ResponseErrorPanel error={systems.error} />;

  return (
    <SimpleTable
      label="Systems"
      rows={systems.value ?? []}
      rowKey={system => system.metadata.name}
      empty="The catalog has no systems yet."
      columns={[
        {
          title: 'System',
          render: system => <EntityRefLink entityRef={system} />,
        },
        {
          title: 'Domain',
          render: system =>
            system.spec?.domain ? (
              <EntityRefLink entityRef={refOf(system.spec.domain, 'domain')} />
            ) : (
              '—'
            ),
        },
        {
          title: 'Owner',
          render: system => (
            <EntityRefLink entityRef={refOf(system.spec?.owner, 'group')} />
          ),
        },
      ]}
    />
  );
};
