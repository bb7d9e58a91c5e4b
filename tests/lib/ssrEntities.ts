/**
 * The SSR suite's entities (tests/ssr.test.ts): an org, system, API and component whose text is full of script
 * and markup, and an owners-only component related to them; and how the suite reads a server-rendered page.
 */
import assert from 'node:assert/strict';

/** Script and markup that would run or render if anything embedded them unescaped. */
export const PAYLOAD =
  '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><!-- \u2028 "quoted" & \'single\'';

const doc = (kind: string, name: string, metadata: object, spec: object) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, ...metadata },
  spec,
});

/** The suite's test entities, beside the demo catalog. */
export const ENTITIES = [
  doc(
    'Group',
    'xss-team',
    { description: PAYLOAD },
    {
      type: 'team',
      profile: { displayName: `Team ${PAYLOAD}` },
      children: [],
      members: ['xss-person'],
    },
  ),
  doc(
    'User',
    'xss-person',
    {},
    {
      profile: {
        displayName: `Person ${PAYLOAD}`,
        email: 'xss@larkspur.example',
      },
      memberOf: ['xss-team'],
    },
  ),
  doc(
    'System',
    'xss-system',
    { title: `System ${PAYLOAD}`, description: PAYLOAD },
    { owner: 'xss-team' },
  ),
  doc(
    'API',
    'xss-api',
    { description: PAYLOAD },
    {
      type: 'openapi',
      lifecycle: 'production',
      owner: 'xss-team',
      definition: 'openapi: 3.0.0',
    },
  ),
  doc(
    'Component',
    'xss-probe',
    {
      title: `Probe ${PAYLOAD}`,
      description: PAYLOAD,
      links: [
        {
          url: 'https://runbooks.larkspur.example/xss',
          title: `Runbook ${PAYLOAD}`,
        },
      ],
    },
    {
      type: 'service',
      lifecycle: 'production',
      owner: 'xss-team',
      system: 'xss-system',
      providesApis: ['xss-api'],
    },
  ),
  // Owners-only, and xss-team's (Alice is not in it): its system's, team's and dependency's relations name it.
  doc(
    'Component',
    'hidden-ledger',
    { annotations: { 'atrium.dev/visibility': 'owners' } },
    {
      type: 'service',
      lifecycle: 'production',
      owner: 'xss-team',
      system: 'xss-system',
      dependsOn: ['component:xss-probe'],
    },
  ),
];

/** The part of a page between the server-rendered root's start and the end of the cache state's script. */
export function embedded(html: string): { content: string; state: string } {
  const start = html.indexOf('<div id="atrium-ssr"');
  const stateStart = html.indexOf(
    '<script type="application/json" id="atrium-apollo-state">',
  );
  assert.ok(
    start >= 0 && stateStart > start,
    'the page has server-rendered content and state',
  );
  const stateBody = html.slice(stateStart).replace(/^<script[^>]*>/, '');
  const state = stateBody.slice(0, stateBody.indexOf('</script>'));
  return { content: html.slice(start, stateStart), state };
}
