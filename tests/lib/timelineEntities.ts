/**
 * The timeline suite's own catalog entities (tests/timeline.test.ts), as the YAML of the files it writes beside
 * the demo catalog.
 */

/** An owners-only component of team-payments. */
export const CARD_VAULT = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: card-vault
  description: Card-number vault, for its owners' eyes only.
  annotations:
    atrium.dev/visibility: owners
spec:
  type: service
  lifecycle: production
  owner: team-payments
  system: payments
`;
/** The probe component whose owner and description the suite changes, as YAML. */
export const probe = (owner: string, description: string) => `
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: timeline-probe
  description: ${description}
spec:
  type: service
  lifecycle: experimental
  owner: ${owner}
`;

/**
 * Components whose links the safe-links catalog module checks (plugins/catalog-backend-module-safe-links): the
 * probe starts with good links; `newcomer` is added with a bad one.
 */
export const GOOD_WIKI = 'https://wiki.larkspur.example/link-probe';
export const linkProbe = (url: string, newcomer?: string) => `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: link-probe
  links:
    - url: ${GOOD_WIKI}
      title: Wiki
    - url: ${JSON.stringify(url)}
      title: Runbook
spec:
  type: service
  lifecycle: experimental
  owner: team-fleet
${
  newcomer
    ? `---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: link-probe-newcomer
  links:
    - url: ${JSON.stringify(newcomer)}
spec:
  type: service
  lifecycle: experimental
  owner: team-fleet
`
    : ''
}`;
