import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import { EmptyLine, SimpleTable } from '@atrium/ui';
import {
  catalogPath,
  DEFAULT_CATALOG_STATE,
} from '@atrium/plugin-graphql-react';
import useAsync from 'react-use/esm/useAsync';
import { parseEntityRef } from '@backstage/catalog-model';
import { useViewer } from './useViewer';

/** How many systems the card lists; the rest are a link away, in the catalog list. */
export const SYSTEMS_SHOWN = 10;

/** Entity specs may name a target without kind or namespace ("team-payments"); complete it. */
const refOf = (value: unknown, defaultKind: string) =>
  parseEntityRef(String(value), { defaultKind, defaultNamespace: 'default' });

/** The catalog list of the systems the viewer and their teams own. */
const MY_SYSTEMS_PATH = catalogPath({
  ...DEFAULT_CATALOG_STATE,
  kind: 'system',
  mine: true,
});

/**
 * The systems the viewer's teams own (and the viewer), with their domain and owner: the first few by name, and
 * the catalog list of all of them a link away. Not the company's every system: that grows with the company (a
 * thousand at 10,000 components, each row a few links), and a card that renders them all made Home's DOM
 * 14,000 elements and every frame's style pass 100 ms (issue 16).
 */
export const SystemsWidget = () => {
  const catalogApi = useApi(catalogApiRef);
  const viewer = useViewer();
  const owners = viewer.value?.ownershipEntityRefs;
  const systems = useAsync(async () => {
    if (!owners) return undefined;
    if (owners.length === 0) return { items: [], totalItems: 0 };
    return catalogApi.queryEntities({
      filter: { kind: 'System', 'relations.ownedBy': owners },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.domain',
        'spec.owner',
      ],
      orderFields: { field: 'metadata.name', order: 'asc' },
      limit: SYSTEMS_SHOWN,
    });
  }, [catalogApi, owners]);

  const error = viewer.error ?? systems.error;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!systems.value) return <Progress />;
  const { items, totalItems } = systems.value;
  const more = totalItems - items.length;

  return (
    <>
      <SimpleTable
        label="Systems"
        rows={items}
        rowKey={system => system.metadata.name}
        empty="You and your teams own no systems."
        columns={[
          {
            title: 'System',
            render: system => <EntityRefLink entityRef={system} />,
          },
          {
            title: 'Domain',
            render: system =>
              system.spec?.domain ? (
                <EntityRefLink
                  entityRef={refOf(system.spec.domain, 'domain')}
                />
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
      {more > 0 ? (
        <EmptyLine>
          <Link to={MY_SYSTEMS_PATH}>
            All {totalItems} of your teams' systems
          </Link>
        </EmptyLine>
      ) : null}
    </>
  );
};
