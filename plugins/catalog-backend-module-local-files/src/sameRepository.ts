import { NotAllowedError } from '@backstage/errors';
import parseGitUrl from 'git-url-parse';

/**
 * Stock Backstage's rule for placeholders of URL locations: when both the entity's location and the URL a
 * placeholder resolves to are files in a git repository (host, owner, name and a path), they must be in the
 * same repository, so an entity cannot pull another repository's files in through the integration's
 * credentials. Anything git-url-parse cannot split that way (a plain web server's URL, a local path) is not
 * checked, as in stock.
 */
export function assertSameRepository(resolvedUrl: string, baseUrl: string) {
  let resolved: ReturnType<typeof parseGitUrl>;
  let base: ReturnType<typeof parseGitUrl>;
  try {
    resolved = parseGitUrl(resolvedUrl);
    base = parseGitUrl(baseUrl);
  } catch {
    return;
  }
  const complete = (p: typeof base) => p.owner && p.name && p.filepath;
  if (!complete(resolved) || !complete(base)) return;
  if (
    resolved.resource !== base.resource ||
    resolved.full_name !== base.full_name
  ) {
    throw new NotAllowedError(
      `${resolvedUrl} is not in the repository of the entity's location ${baseUrl}`,
    );
  }
}
