import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type {
  ActivityPage,
  AppRef,
  ImageTags,
} from '@atrium/plugin-compute-common';
import type {
  ComputeAuditLog,
  ComputeReads,
  ComputeRecordReads,
  RouteEntityRef,
  ImageRegistry,
} from '../types';
import { sortVersions } from './versions';

/**
 * What compute keeps beside the clusters: a component's Activity (the audit) and the tags of an App's image
 * (the registry). Each is read only after the reader says the caller may see the component or the App.
 */
export class ComputeRecords implements ComputeRecordReads {
  constructor(
    private readonly deps: {
      reader: Pick<ComputeReads, 'componentEntityRef' | 'app'>;
      audit: Pick<ComputeAuditLog, 'list'>;
      registry: Pick<ImageRegistry, 'listTags'>;
    },
  ) {}

  async componentActivity(
    ref: RouteEntityRef,
    credentials: BackstageCredentials,
    page: { limit: number; before?: number },
  ): Promise<ActivityPage> {
    // Only who may see the component may read its activity.
    const entityRef = await this.deps.reader.componentEntityRef(
      ref,
      credentials,
    );
    return this.deps.audit.list({
      entityRef,
      limit: page.limit,
      before: page.before,
    });
  }

  async appTags(
    ref: AppRef,
    credentials: BackstageCredentials,
  ): Promise<ImageTags> {
    const view = await this.deps.reader.app(ref, credentials);
    const tags = await this.deps.registry.listTags(view.spec.image);
    return { image: view.spec.image, tags: sortVersions(tags) };
  }
}
