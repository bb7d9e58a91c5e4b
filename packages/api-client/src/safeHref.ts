/**
 * The URL schemes Atrium renders as links and accepts in an entity's links: web pages and e-mail addresses.
 * Anything else (`javascript:`, `data:`, `vbscript:`, `file:`, ...) is shown as text, or refused at ingestion
 * by plugins/catalog-backend-module-safe-links.
 */
export const SAFE_LINK_PROTOCOLS: readonly string[] = [
  'http:',
  'https:',
  'mailto:',
];

/** Where a relative reference resolves; only its scheme matters here. */
const RELATIVE_BASE = 'https://relative.invalid/';

/**
 * The scheme a browser gives this link: parsed with the WHATWG URL parser, as browsers parse `href` (so tabs,
 * newlines and leading control characters inside `java\tscript:` count as they do there). A relative reference
 * takes the page's own scheme. Undefined when it is no URL at all.
 */
export function linkProtocol(url: string): string | undefined {
  try {
    return new URL(url, RELATIVE_BASE).protocol;
  } catch {
    return undefined;
  }
}

/**
 * The URL to put in an `href` when it is an http(s) or mailto link (or a relative one, which stays on the
 * page's scheme); undefined otherwise, so the caller renders the text without a link. Hand-written rather than
 * a library: the check is the URL parser every browser uses plus a list of three schemes.
 */
export function safeHref(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.trim() === '') return undefined;
  const protocol = linkProtocol(url);
  return protocol !== undefined && SAFE_LINK_PROTOCOLS.includes(protocol)
    ? url
    : undefined;
}
