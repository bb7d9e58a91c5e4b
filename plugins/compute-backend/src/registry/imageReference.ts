import { InputError } from '@backstage/errors';

/** An image reference without tag or digest, split into the registry host and the repository name. */
export interface ImageReference {
  /** `host[:port]`, lower-cased: selects the registry in `compute.registries`. */
  host: string;
  /** The repository inside the registry: `path/name`. */
  name: string;
}

// Grammar of github.com/distribution/reference.
const HOST_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = new RegExp(
  `^(?:${HOST_COMPONENT}(?:\\.${HOST_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?$`,
);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const MAX_NAME_LENGTH = 255;

/** Parses `host[:port]/path/name` (no tag, no digest). Throws `InputError` on anything else. */
export function parseImageReference(image: string): ImageReference {
  if (typeof image !== 'string' || image.length === 0) {
    throw new InputError('Image reference is empty');
  }
  if (image.length > 512) {
    throw new InputError('Image reference is too long');
  }
  const slash = image.indexOf('/');
  if (slash <= 0) {
    throw new InputError(
      `Image reference "${image}" must be host[:port]/path/name (the registry host comes first)`,
    );
  }
  const host = image.slice(0, slash);
  const name = image.slice(slash + 1);
  if (!HOST.test(host)) {
    throw new InputError(
      `Image reference "${image}" does not start with a registry host`,
    );
  }
  if (name.includes('@') || name.includes(':')) {
    throw new InputError(
      `Image reference "${image}" must not contain a tag or digest`,
    );
  }
  if (
    name.length === 0 ||
    name.length > MAX_NAME_LENGTH ||
    !name.split('/').every(component => PATH_COMPONENT.test(component))
  ) {
    throw new InputError(
      `Image reference "${image}" has an invalid repository name "${name}"`,
    );
  }
  return { host: host.toLowerCase(), name };
}

/** Throws `InputError` unless `tag` is a valid image tag (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`). */
export function assertValidTag(tag: string): void {
  if (typeof tag !== 'string' || !TAG.test(tag)) {
    throw new InputError(`"${tag}" is not a valid image tag`);
  }
}
