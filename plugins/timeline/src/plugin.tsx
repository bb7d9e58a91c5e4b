import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { TimelineClient } from '@atrium/plugin-timeline-common';
import { timelineApiRef } from './api';

/** `api:timeline`: the timeline backend's client. */
export const timelineApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: timelineApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TimelineClient({ discoveryApi, fetchApi }),
    }),
});

/** `entity-content:timeline`: the Timeline tab on component pages. */
export const timelineEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'timeline',
    title: 'Timeline',
    filter: { kind: 'component' },
    loader: () => import('./TimelineTab').then(m => <m.TimelineTab />),
  },
});

/** Atrium's service timeline: the Timeline tab. */
export default createFrontendPlugin({
  pluginId: 'timeline',
  extensions: [timelineApi, timelineEntityContent],
});
