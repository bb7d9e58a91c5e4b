import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  parseLocationRef,
  type Entity,
} from '@backstage/catalog-model';

/** The `techdocs-ref` annotation: the entity has TechDocs. */
const ANNOTATION_TECHDOCS_REF = 'backstage.io/techdocs-ref';

/** Where an entity's definition can be read and edited, and where its docs are: what Backstage's About card offers. */
export interface EntitySource {
  viewUrl: string | null;
  editUrl: string | null;
  docsPath: string | null;
}

function urlOf(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * The entity's source links as Backstage's About card finds them: `backstage.io/view-url` (else a `url:` source
 * location) to view it, `backstage.io/edit-url` to edit it, and its TechDocs page when it has a `techdocs-ref`.
 * A `file:` source location has nothing to link to: none. The catalog's safe-links processor refuses a URL that
 * is not http(s) at ingestion, and the views link only what `safeHref` passes.
 */
export function entitySource(entity: Entity): EntitySource {
  const annotations = entity.metadata.annotations ?? {};
  let sourceUrl: string | null = null;
  const source = annotations[ANNOTATION_SOURCE_LOCATION];
  if (typeof source === 'string') {
    try {
      const location = parseLocationRef(source);
      if (location.type === 'url') sourceUrl = urlOf(location.target);
    } catch {
      // An unparseable source location links nowhere.
    }
  }
  const namespace = entity.metadata.namespace ?? 'default';
  return {
    viewUrl: urlOf(annotations[ANNOTATION_VIEW_URL]) ?? sourceUrl,
    editUrl: urlOf(annotations[ANNOTATION_EDIT_URL]),
    docsPath: annotations[ANNOTATION_TECHDOCS_REF]
      ? `/docs/${encodeURIComponent(namespace)}/${encodeURIComponent(
          entity.kind.toLocaleLowerCase('en-US'),
        )}/${encodeURIComponent(entity.metadata.name)}`
      : null,
  };
}
