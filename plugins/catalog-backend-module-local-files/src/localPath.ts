import { InputError, NotAllowedError } from '@backstage/errors';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/** True when the base of a placeholder is a local path (a `file` location) rather than a URL. */
export function isLocalBase(baseUrl: string): boolean {
  return isAbsolute(baseUrl) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl);
}

/** True when a placeholder's value is an absolute URL (`scheme://…`), which the URL reader reads. */
export function isAbsoluteUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value);
}

/**
 * Resolves a relative placeholder value against the directory of a file location, refusing anything that
 * escapes it: a catalog file may only pull in files beside or below it.
 */
export function resolveLocalPath(value: string, baseFile: string): string {
  if (value.trim() === '') {
    throw new InputError(
      'Placeholder value must be a relative path, got an empty string',
    );
  }
  if (isAbsolute(value) || /^[a-z][a-z0-9+.-]*:/i.test(value)) {
    throw new InputError(
      `Placeholder value ${JSON.stringify(
        value,
      )} must be a path relative to ${baseFile} or an http(s) URL`,
    );
  }
  const root = dirname(baseFile);
  const target = resolve(root, value);
  const rel = relative(root, target);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new NotAllowedError(
      `Placeholder value ${JSON.stringify(value)} points outside ${root}`,
    );
  }
  return target;
}
