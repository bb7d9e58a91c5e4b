/*
 * Written with createElement rather than JSX: the backend renders these views from source through Backstage's
 * Node transform, which compiles TypeScript but not JSX.
 */
import { safeHref } from '@atrium/api-client';
import { createElement as h, type ReactNode } from 'react';
import type { EntityBrief, EntityOverviewData } from '../queries';
import { entityPath } from '../refs';
import { VIEW_CSS } from './styles';

/** What a link in a view does beyond being a link: prefetch on hover and focus, navigate inside the app. */
export interface ViewLinkBehaviour {
  onPrefetch?(ref: string): void;
  onNavigate?(path: string, event: { preventDefault(): void }): void;
}

/**
 * The views' list: an item per element (keyed, its children as `render` gives them), or the `empty` text (muted)
 * when there are none (nothing without one).
 */
export function viewList<T>(
  items: readonly T[],
  key: (item: T) => string,
  render: (item: T) => ReactNode[],
  empty?: string,
): ReactNode {
  if (!items.length) {
    return empty ? h('p', { className: 'atr-muted' }, empty) : null;
  }
  return h(
    'ul',
    { className: 'atr-list' },
    items.map(item => h('li', { key: key(item) }, ...render(item))),
  );
}

export function EntityLink(
  props: { entity: EntityBrief; children?: ReactNode } & ViewLinkBehaviour,
) {
  const { entity, onPrefetch, onNavigate } = props;
  const href = entityPath(entity);
  return h(
    'a',
    {
      href,
      'data-ref': entity.ref,
      onMouseEnter: onPrefetch ? () => onPrefetch(entity.ref) : undefined,
      onFocus: onPrefetch ? () => onPrefetch(entity.ref) : undefined,
      onClick: onNavigate
        ? (event: any) => {
            if (
              !event.metaKey &&
              !event.ctrlKey &&
              !event.shiftKey &&
              event.button === 0
            ) {
              onNavigate(href, event);
            }
          }
        : undefined,
    },
    props.children ?? displayName(entity),
  );
}

export function displayName(entity: EntityBrief): string {
  return entity.profile?.displayName || entity.title || entity.name;
}

/**
 * The About card's source links, as Backstage's About card has them: the definition to view and edit (opened
 * beside the portal) and the docs page. Only what `safeHref` passes is a link; nothing shows when there is none.
 */
function SourceLinks(props: {
  source?: NonNullable<EntityOverviewData['entity']>['source'];
}) {
  const { source } = props;
  const items = [
    { label: 'View source', href: safeHref(source?.viewUrl), external: true },
    { label: 'Edit', href: safeHref(source?.editUrl), external: true },
    { label: 'Docs', href: safeHref(source?.docsPath), external: false },
  ].filter(i => i.href);
  if (!items.length) return null;
  return h(
    'nav',
    { className: 'atr-actions', 'aria-label': 'Source' },
    items.map(i =>
      h(
        'a',
        {
          key: i.label,
          href: i.href,
          ...(i.external
            ? { target: '_blank', rel: 'noopener noreferrer' }
            : {}),
        },
        i.label,
      ),
    ),
  );
}

const RELATION_LABELS: Record<string, string> = {
  providesApi: 'Provides APIs',
  consumesApi: 'Consumes APIs',
  dependsOn: 'Depends on',
  dependencyOf: 'Dependency of',
  hasPart: 'Has parts',
  apiProvidedBy: 'Provided by',
  apiConsumedBy: 'Consumed by',
};

/**
 * An entity's overview: its header, about, owner with members, relations and, for components, workloads in
 * brief. Pure: it shows what it is given, so the server and the browser render the same markup.
 */
export function EntityOverview(
  props: {
    data: EntityOverviewData;
    /**
     * Actions at the About card's title (the app's refresh): the app's page passes them, the server's page and
     * the navigation layer do not. The title line keeps its height either way, so nothing moves when they come.
     */
    aboutActions?: ReactNode;
  } & ViewLinkBehaviour,
) {
  const { data, aboutActions, ...links } = props;
  const entity = data.entity;
  if (!entity) {
    return h(
      'div',
      { className: 'atr-page', 'data-testid': 'atrium-entity-overview' },
      h('style', null, VIEW_CSS),
      h('p', null, 'This entity does not exist, or you may not see it.'),
    );
  }
  const groups = new Map<string, typeof entity.relations>();
  for (const r of entity.relations) {
    if (!RELATION_LABELS[r.type]) continue;
    groups.set(r.type, [...(groups.get(r.type) ?? []), r]);
  }
  const compute = entity.compute;
  return h(
    'div',
    { className: 'atr-page', 'data-testid': 'atrium-entity-overview' },
    h('style', null, VIEW_CSS),
    h(
      'header',
      { className: 'atr-head' },
      h(
        'div',
        { className: 'atr-eyebrow' },
        [entity.kind, entity.type, entity.lifecycle]
          .filter(Boolean)
          .join(' · '),
      ),
      h('h1', null, entity.title || entity.name),
      entity.description ? h('p', null, entity.description) : null,
    ),
    h(
      'div',
      { className: 'atr-grid' },
      h(
        'article',
        { className: 'atr-card', 'aria-label': 'About' },
        h(
          'div',
          { className: 'atr-card-head' },
          h('h2', null, 'About'),
          aboutActions ?? null,
        ),
        h(
          'dl',
          { className: 'atr-dl' },
          h('dt', null, 'Owner'),
          h(
            'dd',
            null,
            entity.owner
              ? h(EntityLink, { entity: entity.owner, ...links })
              : '—',
          ),
          h('dt', null, entity.kind === 'System' ? 'Domain' : 'System'),
          h(
            'dd',
            null,
            entity.partOf
              ? h(EntityLink, { entity: entity.partOf, ...links })
              : '—',
          ),
          h('dt', null, 'Lifecycle'),
          h('dd', null, entity.lifecycle ?? '—'),
          h('dt', null, 'Tags'),
          h(
            'dd',
            null,
            entity.tags.length
              ? entity.tags.map(t =>
                  h('span', { key: t, className: 'atr-chip' }, t),
                )
              : '—',
          ),
        ),
        viewList(
          entity.links,
          l => l.url,
          l => {
            // Only http(s) and mailto links are links; anything else is shown as text.
            const href = safeHref(l.url);
            return [
              href
                ? h('a', { href, rel: 'noopener noreferrer' }, l.title || l.url)
                : l.title || l.url,
            ];
          },
        ),
        h(SourceLinks, { source: entity.source }),
      ),
      entity.owner
        ? h(
            'article',
            { className: 'atr-card', 'aria-label': 'Team' },
            h('h2', null, 'Team: ', displayName(entity.owner)),
            viewList(
              entity.owner.members,
              m => m.id,
              m => [
                h(EntityLink, { entity: m, ...links }),
                m.profile?.email
                  ? h(
                      'span',
                      { className: 'atr-muted' },
                      ' · ',
                      m.profile.email,
                    )
                  : null,
              ],
              'No members listed.',
            ),
          )
        : null,
      compute
        ? h(
            'article',
            { className: 'atr-card', 'aria-label': 'Workloads' },
            h('h2', null, 'Workloads'),
            h(
              'p',
              { className: compute.healthy ? 'atr-ok' : 'atr-warn' },
              `${compute.apps} app${compute.apps === 1 ? '' : 's'}, ${
                compute.readyReplicas
              }/${compute.desiredReplicas} replicas ready`,
            ),
            viewList(
              compute.clusters,
              c => c.name,
              c => [
                h('strong', null, c.name),
                c.region
                  ? h('span', { className: 'atr-muted' }, ` (${c.region})`)
                  : null,
                c.ok
                  ? viewList(
                      c.apps,
                      a => a.id,
                      a => [
                        `${a.name} ${a.version ?? ''} · `,
                        h(
                          'span',
                          {
                            className:
                              a.phase === 'Running' ? 'atr-ok' : 'atr-warn',
                          },
                          a.phase ?? 'Unknown',
                        ),
                        ` · ${a.readyReplicas}/${a.replicas} ready`,
                      ],
                    )
                  : h(
                      'div',
                      { className: 'atr-bad' },
                      `Not answering: ${c.errorReason ?? 'Error'}`,
                    ),
              ],
            ),
          )
        : null,
      [...groups.entries()].map(([type, relations]) =>
        h(
          'article',
          {
            key: type,
            className: 'atr-card',
            'aria-label': RELATION_LABELS[type],
          },
          h('h2', null, RELATION_LABELS[type]),
          viewList(
            relations,
            r => r.targetRef,
            r => [
              r.target
                ? h(EntityLink, { entity: r.target, ...links })
                : r.targetRef,
              r.target?.description
                ? h('div', { className: 'atr-muted' }, r.target.description)
                : null,
            ],
          ),
        ),
      ),
    ),
  );
}
