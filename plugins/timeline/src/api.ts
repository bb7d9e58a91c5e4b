import { createApiRef } from '@backstage/frontend-plugin-api';
import type { TimelineClient } from '@atrium/plugin-timeline-common';

/** The timeline backend's client. */
export const timelineApiRef = createApiRef<
  Pick<TimelineClient, 'getEntityEvents'>
>().with({ id: 'plugin.timeline.api', pluginId: 'timeline' });
