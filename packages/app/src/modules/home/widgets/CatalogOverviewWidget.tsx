import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { Box, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import {
  catalogPath,
  DEFAULT_CATALOG_STATE,
} from '@atrium/plugin-graphql-react';

const KINDS = [
  { kind: 'Component', label: 'Components' },
  { kind: 'API', label: 'APIs' },
  { kind: 'System', label: 'Systems' },
  { kind: 'Domain', label: 'Domains' },
  { kind: 'Resource', label: 'Resources' },
  { kind: 'Group', label: 'Teams' },
  { kind: 'User', label: 'People' },
];

/**
 * How much the catalog holds, per kind, each count a link into the catalog list of that kind (which the app's
 * root prefetches when the link is pointed at, as the sidebar's Catalog link).
 */
export const CatalogOverviewWidget = () => {
  const catalogApi = useApi(catalogApiRef);
  const facets = useAsync(async () => {
    const response = await catalogApi.getEntityFacets({ facets: ['kind'] });
    const counts = new Map<string, number>();
    for (const { value, count } of response.facets.kind ?? []) {
      counts.set(value.toLocaleLowerCase('en-US'), count);
    }
    return counts;
  }, [catalogApi]);

  if (facets.loading) return <Progress />;
  if (facets.error) return <ResponseErrorPanel error={facets.error} />;

  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
      {KINDS.map(({ kind, label }) => (
        <Box key={kind} minWidth={96}>
          <Typography variant="h4" component="p">
            {facets.value?.get(kind.toLocaleLowerCase('en-US')) ?? 0}
          </Typography>
          <Link
            to={catalogPath({
              ...DEFAULT_CATALOG_STATE,
              kind: kind.toLocaleLowerCase('en-US'),
            })}
          >
            {label}
          </Link>
        </Box>
      ))}
    </Box>
  );
};
