import { InputError, NotAllowedError } from '@backstage/errors';
import type {
  PlaceholderResolver,
  PlaceholderResolverParams,
} from '@backstage/plugin-catalog-node';
import { processingResult } from '@backstage/plugin-catalog-node';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/** True when the base of a placeholder is a local path (a `file` location) rather than a URL. */
export function isLocalBase(baseUrl: string): boolean {
  return isAbsolute(baseUrl) && !/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl);
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
      )} must be a path relative to ${baseFile}`,
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

/**
 * The `$text` placeholder, extended to file locations: for a URL base it reads through the URL reader as
 * Backstage's own resolver does; for a file base it reads the file next to the catalog file.
 */
export const textPlaceholderResolver: PlaceholderResolver = async (
  params: PlaceholderResolverParams,
) => {
  const { key, value, baseUrl } = params;
  if (typeof value !== 'string') {
    throw new InputError(
      `Placeholder $${key} expected a string value parameter, in the form of an absolute URL or a relative path`,
    );
  }
  if (!isLocalBase(baseUrl)) {
    const url = params.resolveUrl(value, baseUrl);
    const content = await params.read(url);
    params.emit(processingResult.refresh(`url:${url}`));
    return content.toString('utf-8');
  }
  const path = resolveLocalPath(value, baseUrl);
  params.emit(processingResult.refresh(`file:${path}`));
  return readFile(path, 'utf-8');
};
