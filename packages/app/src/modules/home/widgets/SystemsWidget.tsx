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
                  entityRef={String(system.spec.domain)}
                  defaultKind="domain"
                />
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell>
              <EntityRefLink
                entityRef={String(system.spec?.owner)}
                defaultKind="group"
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
