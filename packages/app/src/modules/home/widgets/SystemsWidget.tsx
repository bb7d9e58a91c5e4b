import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';
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
    <Table size="small" aria-label="Systems">
      <TableHead>
        <TableRow>
          <TableCell>System</TableCell>
          <TableCell>Domain</TableCell>
          <TableCell>Owner</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {systems.value?.map(system => (
          <TableRow key={system.metadata.name}>
            <TableCell>
              <EntityRefLink entityRef={system} />
            </TableCell>
            <TableCell>
              {system.spec?.domain ? (
                <EntityRefLink
                  entityRef={refOf(system.spec.domain, 'domain')}
                />
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell>
              <EntityRefLink entityRef={refOf(system.spec?.owner, 'group')} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
