import type { PullRequestSummary } from '@atrium/plugin-reviews-common';

/**
 * An entity in the default namespace, in brief, as the gateway's queries answer it (`EntityBrief` with its
 * `__typename`; the id is the lower-case ref): no title nor description unless `extra` gives them, and any
 * other field the query asks for from `extra`.
 */
export function gatewayEntity<T extends object = object>(
  kind: string,
  name: string,
  extra?: T,
) {
  const ref = `${kind.toLocaleLowerCase('en-US')}:default/${name}`;
  return {
    __typename: 'Entity' as const,
    id: ref,
    ref,
    kind,
    namespace: 'default',
    name,
    title: null as string | null,
    description: null as string | null,
    ...(extra as T),
  };
}

/**
 * The answer of the entity overview query (`ENTITY_OVERVIEW_QUERY`) for a component in the default namespace:
 * a service in production with no tags, links, source links, owner, system, relations nor workloads, unless
 * `extra` gives them (and its title and description).
 */
export function gatewayEntityOverview<T extends object = object>(
  name: string,
  extra?: T,
) {
  return {
    entity: {
      ...gatewayEntity('Component', name),
      type: 'service',
      lifecycle: 'production',
      tags: [] as string[],
      links: [] as unknown[],
      source: {
        __typename: 'EntitySource' as const,
        viewUrl: null,
        editUrl: null,
        docsPath: null,
      } as unknown,
      owner: null as unknown,
      partOf: null as unknown,
      relations: [] as unknown[],
      compute: null as unknown,
      ...(extra as T),
    },
  };
}

/**
 * A pull request awaiting review, as the reviews backend gives it (the gateway's `PullRequest` adds its id,
 * `larkspur/payments-gateway#412`).
 */
export const PULL_REQUEST: PullRequestSummary = Object.freeze({
  repository: 'larkspur/payments-gateway',
  number: 412,
  title: 'Retry idempotent captures',
  url: 'https://github.com/larkspur/payments-gateway/pull/412',
  author: 'nadia-k',
  draft: false,
  updatedAt: '2026-11-28T08:57:40Z',
});
