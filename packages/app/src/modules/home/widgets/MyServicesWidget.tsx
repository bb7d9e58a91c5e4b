import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';

/** Components owned by the signed-in user or by one of their teams. */
export const MyServicesWidget = () => {
  const catalogApi = useApi(catalogApiRef);
  const identityApi = useApi(identityApiRef);

  // One async step from identity to entities, so the list never flashes empty while the viewer loads.
  const services = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    if (!ownershipEntityRefs.length) return [];
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Component', 'relations.ownedBy': ownershipEntityRefs },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.description',
        'spec.type',
      ],
      order: { field: 'metadata.name', order: 'asc' },
    });
    return items;
  }, [catalogApi, identityApi]);

  if (services.loading) return <Progress />;
  if (services.error) return <ResponseErrorPanel error={services.error} />;

  if (!services.value?.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing is owned by you or your teams yet. Browse the{' '}
        <Link to="/catalog">catalog</Link> to find your services; your teams
        come from the company directory.
      </Typography>
    );
  }
  return (
    <List dense disablePadding>
      {services.value.map(entity => (
        <ListItem key={entity.metadata.name} disableGutters>
          <ListItemText
            primary={<EntityRefLink entityRef={entity} />}
            secondary={entity.metadata.description}
          />
          <Chip size="small" label={String(entity.spec?.type ?? 'component')} />
        </ListItem>
      ))}
    </List>
  );
};
