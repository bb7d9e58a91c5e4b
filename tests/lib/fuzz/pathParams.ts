// Path parameters of an OpenAPI operation: plausible values from the demo organisation (so the route is
// reached), raw hostile segments, or encoded hostile strings; and filling a spec's path template.
import fc from 'fast-check';
import type { Param } from './openapi.ts';
import {
  encodedHostileSegment,
  HOSTILE_SEGMENTS,
  pctEncode,
} from './primitives.ts';

/** Values for parameters that reach a real route: names from the demo organisation and its clusters. */
export const PLAUSIBLE: Record<string, string[]> = {
  namespace: ['default', 'team-payments', 'team-storefront'],
  kind: ['component', 'Component', 'group'],
  name: ['payments-gateway', 'team-payments', 'storefront-web'],
  cluster: ['sim-eu-west', 'sim-us-east'],
  app: ['payments-gateway', 'storefront-web'],
  pod: ['payments-gateway-0', 'storefront-web-abc'],
  itemId: ['team-page', 'first-deploy', 'read-docs'],
};

/**
 * Plausible values of a path parameter: under `/clusters/{cluster}/namespaces/{namespace}`, a namespace is a
 * team's (where the demo's Apps are); elsewhere an entity's.
 */
export function plausible(name: string, template: string): string[] {
  if (
    name === 'namespace' &&
    template.includes('/clusters/{cluster}/namespaces/')
  )
    return ['team-payments', 'team-storefront'];
  return PLAUSIBLE[name] ?? ['x', 'default'];
}

/** A path parameter: plausible (reaches the route), a raw hostile segment, or an encoded hostile string. */
export function pathParam(param: Param, template: string) {
  const values = plausible(param.name, template);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .constantFrom(...values)
        .map(v => ({ value: pctEncode(v), plain: true })),
    },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...HOSTILE_SEGMENTS)
        .map(v => ({ value: v, plain: false })),
    },
    {
      weight: 2,
      arbitrary: encodedHostileSegment.map(v => ({ value: v, plain: false })),
    },
  );
}

/** The names of a path template's parameters, in order (`{name}`). */
export const templateParams = (template: string) =>
  [...template.matchAll(/\{([^}]+)\}/g)].map(m => m[1]);

/** The template with its parameters replaced by `values`, in order (as they are: already encoded). */
export function fillTemplate(template: string, values: string[]): string {
  let i = 0;
  return template.replace(/\{[^}]+\}/g, () => values[i++]);
}
