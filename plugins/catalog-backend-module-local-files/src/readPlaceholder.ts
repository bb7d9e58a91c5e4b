import { ForwardedError, InputError } from '@backstage/errors';
import type { PlaceholderResolverParams } from '@backstage/plugin-catalog-node';
import { processingResult } from '@backstage/plugin-catalog-node';
import { readFile } from 'node:fs/promises';
import { isAbsoluteUrl, isLocalBase, resolveLocalPath } from './localPath';
import { assertSameRepository } from './sameRepository';

/**
 * Reads what a `$text`, `$json` or `$yaml` placeholder points at and registers it for refresh.
 *
 * - A relative path in a file location: the file beside the catalog file (never outside its folder).
 * - Anything else, an absolute URL in a file location or any value in a URL location: through
 *   `params.read`, which the catalog backs with the URL reader (coreServices.urlReader), so
 *   `backend.reading.allow` and the integrations decide what may be read, exactly as for stock Backstage.
 *
 * Why this is written here and not Backstage's: the catalog has one resolver per key and a module that
 * registers `text`, `json` or `yaml` replaces stock's, whose functions @backstage/plugin-catalog-backend does
 * not export (only the PlaceholderProcessor class that calls them). So the URL branch repeats stock's steps
 * (resolve against the location with the integrations, the same-repository rule, read, refresh key `url:`);
 * the file branch is Atrium's own, since stock has no reader for local paths.
 */
export async function readPlaceholder(
  params: PlaceholderResolverParams,
): Promise<string> {
  const { key, value, baseUrl } = params;
  if (typeof value !== 'string') {
    throw new InputError(
      `Placeholder $${key} expected a string value parameter, in the form of an absolute URL or a relative path`,
    );
  }
  if (isLocalBase(baseUrl) && !isAbsoluteUrl(value)) {
    const path = resolveLocalPath(value, baseUrl);
    params.emit(processingResult.refresh(`file:${path}`));
    return readFile(path, 'utf-8');
  }
  if (isLocalBase(baseUrl) && !/^https?:/i.test(value)) {
    throw new InputError(
      `Placeholder $${key} value ${JSON.stringify(
        value,
      )} must be a path relative to ${baseUrl} or an http(s) URL`,
    );
  }
  const url = params.resolveUrl(value, baseUrl);
  assertSameRepository(url, baseUrl);
  let content: Buffer;
  try {
    content = await params.read(url);
  } catch (error) {
    // The URL reader's own words say why (not in backend.reading.allow, no integration, 404); its name is kept.
    throw new ForwardedError(
      `Placeholder $${key} could not read ${url}`,
      error,
    );
  }
  params.emit(processingResult.refresh(`url:${url}`));
  return content.toString('utf-8');
}
