import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { ComputeClient } from '@atrium/plugin-compute-common';
import { computeApiRef } from './api';

/** `api:compute`: the compute backend's client. */
export const computeApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: computeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ComputeClient({ discoveryApi, fetchApi }),
    }),
});

/** `entity-content:compute`: the Compute tab on component pages. */
export const computeEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'compute',
    title: 'Compute',
    filter: { kind: 'component' },
    loader: () => import('./components/ComputeTab').then(m => <m.ComputeTab />),
  },
});

/** `entity-card:compute/team`: a team's Apps and quota use on group pages. */
export const computeTeamEntityCard = EntityCardBlueprint.make({
  name: 'team',
  params: {
    filter: { kind: 'group' },
    loader: () => import('./components/TeamCard').then(m => <m.TeamCard />),
  },
});

/** Atrium compute: the Compute tab and the team workloads card. */
export default createFrontendPlugin({
  pluginId: 'compute',
  extensions: [computeApi, computeEntityContent, computeTeamEntityCard],
});
