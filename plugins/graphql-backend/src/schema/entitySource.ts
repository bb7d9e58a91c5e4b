import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  getCompoundEntityRef,
  parseEntityRef,
  parseLocationRef,
  type CompoundEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  TECHDOCS_ANNOTATION,
  TECHDOCS_EXTERNAL_ANNOTATION,
  TECHDOCS_EXTERNAL_PATH_ANNOTATION,
} from '@backstage/plugin-techdocs-common';

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
 * The TechDocs page of the entity as `buildTechDocsURL` (what the About card links) finds it: the entity's own
 * docs for `techdocs-ref`, another entity's for `techdocs-entity` (the entity's own when that ref does not
 * parse), with `techdocs-entity-path` appended. None without either annotation.
 */
function docsPathOf(
  entity: Entity,
  annotations: Record<string, string>,
): string | null {
  const external = annotations[TECHDOCS_EXTERNAL_ANNOTATION];
  if (!annotations[TECHDOCS_ANNOTATION] && !external) return null;
  let ref: CompoundEntityRef = getCompoundEntityRef(entity);
  if (external) {
    try {
      ref = parseEntityRef(external);
    } catch {
      // Backstage links the entity's own docs when the external ref does not parse.
    }
  }
  // The page path inside those docs: each segment encoded, and empty, `.` and `..` segments dropped, so an
  // author's annotation can neither climb out of the docs nor add a query or a fragment.
  const path = (annotations[TECHDOCS_EXTERNAL_PATH_ANNOTATION] ?? '')
    .split('/')
    .filter(segment => segment && segment !== '.' && segment !== '..');
  return `/docs/${[
    ref.namespace,
    ref.kind.toLocaleLowerCase('en-US'),
    ref.name,
    ...path,
  ]
    .map(encodeURIComponent)
    .join('/')}`;
}

/**
 * The entity's source links as Backstage's About card finds them: `backstage.io/view-url` (else a `url:` source
 * location) to view it, `backstage.io/edit-url` to edit it, and its TechDocs page (`docsPathOf`).
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
  return {
    viewUrl: urlOf(annotations[ANNOTATION_VIEW_URL]) ?? sourceUrl,
    editUrl: urlOf(annotations[ANNOTATION_EDIT_URL]),
    docsPath: docsPathOf(entity, annotations),
  };
}
