/**
 * How a server-rendered page hands its Apollo cache to the browser: a JSON script element, escaped so that no
 * entity text can end the script or start markup.
 */

/** The id of the `<script type="application/json">` holding the cache state. */
export const APOLLO_STATE_ID = 'atrium-apollo-state';
/** The id of the server-rendered content, which the browser hydrates and the app later replaces. */
export const SSR_ROOT_ID = 'atrium-ssr';

const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * JSON for an HTML script element: `<`, `>` and `&` become `\u003c`, `\u003e` and `\u0026` (so `</script>` or
 * `<!--` in a description stays text), and the line separators JavaScript once choked on are escaped too.
 */
export function serializeForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, c => ESCAPES[c]);
}

/** Reads the state the server embedded, if any (the browser only). */
export function readEmbeddedState(doc: Document): unknown {
  const element = doc.getElementById(APOLLO_STATE_ID);
  if (!element?.textContent) {
    return undefined;
  }
  try {
    return JSON.parse(element.textContent);
  } catch {
    return undefined;
  }
}
