import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { useViewer } from './useViewer';

/** Components owned by the signed-in user or by one of their teams. */
export const MyServicesWidget = () => {
  const catalogApi = useApi(catalogApiRef);
  const viewer = useViewer();
  const owners = viewer.value?.ownershipEntityRefs;

  const services = useAsync(async () => {
    if (!owners?.length) return [];
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Component', 'relations.ownedBy': owners },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.description',
        'spec.type',
        'spec.lifecycle',
      ],
      order: { field: 'metadata.name', order: 'asc' },
    });
    return items;
  }, [catalogApi, owners?.join(',')]);

  if (viewer.loading || services.loading) return <Progress />;
  const error = viewer.error ?? services.error;
  if (error) return <ResponseErrorPanel error={error} />;

  if (!services.value?.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nothing is owned by you or your teams yet. Browse the{' '}
        <Link to="/catalog">catalog</Link> to find your services, or sign in
        with your company account so Atrium knows your teams.
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
