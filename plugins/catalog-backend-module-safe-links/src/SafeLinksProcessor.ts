import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  type Entity,
} from '@backstage/catalog-model';
import {
  processingResult,
  type CatalogProcessor,
  type CatalogProcessorEmit,
  type LocationSpec,
} from '@backstage/plugin-catalog-node';
import { linkProtocol, safeHref } from '@atrium/api-client';

/** One field of an entity that pages render as a link, and its value. */
interface LinkField {
  field: string;
  url: unknown;
}

/**
 * The fields of an entity that Atrium's and Backstage's pages render as link targets: every `metadata.links[]`
 * url (the About card's and Atrium's overview's links), the view and edit URL annotations (the About card's
 * icons) and a `url:` source location (its View Source).
 */
export function linkFields(entity: Entity): LinkField[] {
  const fields: LinkField[] = [];
  const links = entity.metadata.links;
  if (Array.isArray(links)) {
    links.forEach((link, i) =>
      fields.push({ field: `metadata.links[${i}].url`, url: link?.url }),
    );
  }
  const annotations = entity.metadata.annotations ?? {};
  for (const name of [ANNOTATION_VIEW_URL, ANNOTATION_EDIT_URL]) {
    if (annotations[name] !== undefined) {
      fields.push({
        field: `metadata.annotations["${name}"]`,
        url: annotations[name],
      });
    }
  }
  const source = annotations[ANNOTATION_SOURCE_LOCATION];
  if (typeof source === 'string' && source.startsWith('url:')) {
    fields.push({
      field: `metadata.annotations["${ANNOTATION_SOURCE_LOCATION}"]`,
      url: source.slice('url:'.length),
    });
  }
  return fields;
}

/** Why a field's URL is refused, naming the field; undefined when it is an http(s) or mailto link. */
export function unsafeLinkProblem({
  field,
  url,
}: LinkField): string | undefined {
  if (safeHref(url) !== undefined) return undefined;
  const protocol = typeof url === 'string' ? linkProtocol(url) : undefined;
  const got = protocol ? JSON.stringify(protocol) : 'a value that is not a URL';
  return `${field}: only http, https and mailto links are allowed, got ${got}`;
}

/**
 * Refuses entities with a link that is not http, https or mailto (`javascript:`, `data:`, ...). Each such
 * field is a processing error of the entity (Backstage's `processingResult.inputError`), so the catalog does not
 * store that version: an entity already in the catalog keeps its last good version, with the errors in its
 * `status.items` (type `backstage.io/catalog-processing`, shown on its page); a new one is not stored until
 * fixed. Runs after validation, when the entity's shape is known good.
 */
export class SafeLinksProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'SafeLinksProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    for (const field of linkFields(entity)) {
      const problem = unsafeLinkProblem(field);
      if (problem) emit(processingResult.inputError(location, problem));
    }
    return entity;
  }
}
