/** One challenge of a `WWW-Authenticate` header (RFC 7235). */
export interface AuthChallenge {
  /** Lower-cased scheme: `bearer`, `basic`, … */
  scheme: string;
  /** Auth parameters with lower-cased names. */
  params: Record<string, string>;
}

// Separators, then a token, then optionally `= value` (quoted-string or token).
const ITEM =
  /[\s,]*([!#$%&'*+\-.^_`|~0-9A-Za-z]+)(?:\s*(=)\s*(?:"((?:[^"\\]|\\.)*)"|([!#$%&'*+\-.^_`|~0-9A-Za-z/:]+))?)?/y;

/**
 * Parses a `WWW-Authenticate` header, which may hold several challenges (also when the fetch implementation joined
 * several headers with `, `): `Bearer realm="https://auth/token",service="reg",scope="repository:a:pull"`.
 * Stops at anything malformed (such as token68 credentials, which registries do not send), keeping what it parsed.
 */
export function parseAuthenticateHeader(
  header: string | null | undefined,
): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  if (!header) return challenges;
  const re = new RegExp(ITEM.source, 'y');
  let current: AuthChallenge | undefined;
  // Each match consumes at least one character; the count bound is belt and braces.
  for (let guard = 0; re.lastIndex < header.length && guard < 200; guard++) {
    const match = re.exec(header);
    if (!match) break;
    const [, token, equals, quoted, plain] = match;
    if (equals && quoted === undefined && plain === undefined) break; // `name=` without a value
    if (!equals) {
      current = { scheme: token.toLowerCase(), params: {} };
      challenges.push(current);
    } else if (current) {
      current.params[token.toLowerCase()] =
        quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : plain;
    }
  }
  return challenges;
}
