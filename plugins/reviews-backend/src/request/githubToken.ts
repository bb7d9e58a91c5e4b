import { InputError } from '@backstage/errors';
import { GITHUB_TOKEN_HEADER } from '@atrium/plugin-reviews-common';

/**
 * The caller's own GitHub token from the `x-github-token` header, if they sent one: printable characters without
 * spaces, at most 1,024 (GitHub's tokens are far shorter). An empty header is none.
 */
export function parseGithubToken(
  header: string | undefined,
): string | undefined {
  const token = header || undefined;
  if (token && !/^[\x21-\x7e]{1,1024}$/.test(token)) {
    throw new InputError(
      `${GITHUB_TOKEN_HEADER} must be a GitHub token (printable characters, no spaces)`,
    );
  }
  return token;
}
