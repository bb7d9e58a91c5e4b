/* createElement rather than JSX: see EntityOverview.ts. */
import { createElement as h, type ReactNode } from 'react';
import type { CatalogSortKey } from '@atrium/plugin-graphql-common';
import {
  catalogPath,
  type CatalogListData,
  type CatalogListItem,
  type CatalogListState,
} from '../catalogList';
import { CatalogFilters, type CatalogViewBehaviour } from './CatalogFilters';
import {
  displayName,
  EntityLink,
  type ViewLinkBehaviour,
} from './EntityOverview';
import { VIEW_CSS } from './styles';

/** The list's own CSS, next to the views' (no `>`, `&` or quotes: it is rendered as a style element's text). */
export const CATALOG_CSS = `
.atr-cat{display:grid;grid-template-columns:250px minmax(0,1fr);gap:16px;padding:16px 0;align-items:start}
.atr-filters{display:flex;flex-direction:column;gap:12px}
.atr-facet{border:1px solid #dde3ea;border-radius:6px;background:#fff;margin:0;padding:8px 12px;max-height:320px;overflow:auto}
.atr-facet legend,.atr-facet-title{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:#5b6675}
.atr-kind{display:flex;flex-direction:column;gap:4px}.atr-kind select{font-size:14px;padding:6px}
.atr-opt{display:flex;gap:6px;align-items:center;font-size:14px;padding:2px 0;cursor:pointer}
.atr-opt-label{flex:1;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.atr-count{color:#5b6675;font-size:12px;font-variant-numeric:tabular-nums}
.atr-tools{display:flex;gap:12px;align-items:center;justify-content:space-between;margin-bottom:8px}
.atr-search{font-size:15px;padding:7px 10px;border:1px solid #b8c2cc;border-radius:4px;min-width:280px}
.atr-table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #dde3ea;border-radius:6px;font-size:14px}
.atr-table th{text-align:left;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#5b6675;padding:8px;border-bottom:1px solid #dde3ea;white-space:nowrap}
.atr-table td{padding:7px 8px;border-bottom:1px solid #eef1f4;vertical-align:top}
.atr-table tr[aria-busy=true]{opacity:.6}
.atr-star{background:none;border:0;cursor:pointer;font-size:18px;line-height:1;color:#9a6700;padding:0 4px}
.atr-star:disabled{cursor:default}
.atr-scroll{overflow-x:auto}.atr-star-cell{width:28px;padding-right:0}
.atr-table td.atr-desc{max-width:36ch}.atr-table td.atr-tags{max-width:200px}
.atr-pager{display:flex;gap:12px;align-items:center;justify-content:flex-end;padding:8px 0;font-size:14px}
.atr-pager [aria-disabled=true]{color:#9aa4ae;pointer-events:none}
`;

const SORTABLE: Array<{ key: CatalogSortKey; label: string }> = [
  { key: 'name', label: 'Name' },
  { key: 'owner', label: 'Owner' },
  { key: 'type', label: 'Type' },
  { key: 'lifecycle', label: 'Lifecycle' },
];

/**
 * A link to another state of the list: a real link (it works before the app has loaded, and can be shared),
 * which the app turns into a state change.
 */
function StateLink(
  props: {
    to: CatalogListState;
    children?: ReactNode;
    disabled?: boolean;
    label?: string;
    rel?: string;
  } & CatalogViewBehaviour,
) {
  const { to, onChange, disabled } = props;
  return h(
    'a',
    {
      href: catalogPath(to),
      rel: props.rel,
      'aria-label': props.label,
      'aria-disabled': disabled ? 'true' : undefined,
      onClick: onChange
        ? (event: any) => {
            if (
              event.metaKey ||
              event.ctrlKey ||
              event.shiftKey ||
              event.button !== 0
            ) {
              return;
            }
            event.preventDefault();
            if (!disabled) onChange(to);
          }
        : undefined,
    },
    props.children,
  );
}

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;
const ARROW = { asc: ' ▲', desc: ' ▼' } as const;

function SortHeader(
  props: {
    column: (typeof SORTABLE)[number];
    state: CatalogListState;
  } & CatalogViewBehaviour,
) {
  const { column, state, onChange } = props;
  const active = state.sort === column.key;
  const order = active && state.order === 'asc' ? 'desc' : 'asc';
  const { after: _after, ...rest } = state;
  return h(
    'th',
    {
      'aria-sort': active ? ARIA_SORT[state.order] : 'none',
      'data-column': column.key,
    },
    h(
      StateLink,
      {
        to: { ...rest, sort: column.key, order },
        onChange,
        label: `Sort by ${column.label}`,
      },
      column.label,
      active ? ARROW[state.order] : '',
    ),
  );
}

function Row(
  props: {
    item: CatalogListItem;
    onToggleStar?(item: CatalogListItem): void;
  } & ViewLinkBehaviour,
) {
  const { item, onToggleStar, ...links } = props;
  const { entity } = item;
  const name = displayName(entity);
  return h(
    'tr',
    { 'data-ref': entity.ref },
    h(
      'td',
      { className: 'atr-star-cell' },
      h(
        'button',
        {
          type: 'button',
          className: 'atr-star',
          'aria-pressed': item.starred,
          'aria-label': item.starred
            ? `Remove ${name} from favorites`
            : `Add ${name} to favorites`,
          title: item.starred ? 'Remove from favorites' : 'Add to favorites',
          disabled: !onToggleStar,
          onClick: onToggleStar ? () => onToggleStar(item) : undefined,
        },
        item.starred ? '★' : '☆',
      ),
    ),
    h('td', null, h(EntityLink, { entity, ...links })),
    h(
      'td',
      null,
      entity.owner ? h(EntityLink, { entity: entity.owner, ...links }) : '—',
    ),
    h('td', null, entity.type ?? ''),
    h('td', null, entity.lifecycle ?? ''),
    h('td', { className: 'atr-muted atr-desc' }, entity.description ?? ''),
    h(
      'td',
      { className: 'atr-tags' },
      entity.tags.map(tag =>
        h('span', { key: tag, className: 'atr-chip' }, tag),
      ),
    ),
  );
}

/** What the page gives the view besides its data. */
export interface CatalogListViewProps
  extends ViewLinkBehaviour,
    CatalogViewBehaviour {
  data: CatalogListData;
  state: CatalogListState;
  /** The page's heading (`<organization> Catalog`). */
  title: string;
  /** The search box's text (the app's, ahead of the URL while typing); the state's search by default. */
  text?: string;
  onText?(text: string): void;
  onToggleStar?(item: CatalogListItem): void;
  /** A newer view is being read: the rows shown are the previous view's. */
  busy?: boolean;
  /** A quiet line under the heading (where the list was read from, when not from the gateway). */
  note?: string;
}

function plural(kind: string, count: number): string {
  const lower = kind.toLocaleLowerCase('en-US');
  if (count === 1) return lower;
  return lower.endsWith('s') ? `${lower}es` : `${lower}s`;
}

/**
 * The catalog list: filters with their counts, the search box, the sortable table of one page, and the pager.
 * Pure, like EntityOverview: the server renders it from the gateway's answer and the app from the same cache
 * (or, with the gateway down, from the catalog's REST API).
 */
export function CatalogList(props: CatalogListViewProps) {
  const { data, state, onChange, onText, onToggleStar, busy } = props;
  const links = { onPrefetch: props.onPrefetch, onNavigate: props.onNavigate };
  const list = data.catalog;
  const text = props.text ?? state.q;
  const { after: _after, ...firstPage } = state;
  return h(
    'div',
    { className: 'atr-page', 'data-testid': 'atrium-catalog-list' },
    h('style', null, VIEW_CSS + CATALOG_CSS),
    h(
      'header',
      { className: 'atr-head' },
      h('div', { className: 'atr-eyebrow' }, 'Catalog'),
      h('h1', null, props.title),
      h(
        'p',
        { 'data-testid': 'atrium-catalog-total' },
        `${list.totalCount} ${plural(state.kind, list.totalCount)}`,
      ),
      props.note ? h('p', { className: 'atr-note' }, props.note) : null,
    ),
    h(
      'div',
      { className: 'atr-cat' },
      h(CatalogFilters, { facets: list.facets, state, onChange }),
      h(
        'section',
        { 'aria-label': 'Entities' },
        h(
          'div',
          { className: 'atr-tools' },
          h('input', {
            type: 'search',
            className: 'atr-search',
            placeholder: 'Search',
            'aria-label': 'Search the catalog',
            ...(onText
              ? {
                  value: text,
                  onChange: (event: { target: { value: string } }) =>
                    onText(event.target.value),
                }
              : { defaultValue: text, readOnly: true }),
          }),
          h(
            'span',
            { className: 'atr-muted', 'aria-live': 'polite' },
            busy ? 'Loading…' : '',
          ),
        ),
        h(
          'div',
          { className: 'atr-scroll' },
          h(
            'table',
            { className: 'atr-table', 'aria-label': 'Catalog' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', {
                  className: 'atr-star-cell',
                  'aria-label': 'Starred',
                }),
                SORTABLE.map(column =>
                  h(SortHeader, { key: column.key, column, state, onChange }),
                ),
                h('th', null, 'Description'),
                h('th', null, 'Tags'),
              ),
            ),
            h(
              'tbody',
              { 'aria-busy': busy ? 'true' : undefined },
              list.items.length
                ? list.items.map(item =>
                    h(Row, {
                      key: item.entity.id,
                      item,
                      onToggleStar,
                      ...links,
                    }),
                  )
                : h(
                    'tr',
                    null,
                    h(
                      'td',
                      { colSpan: 7, className: 'atr-muted' },
                      'No entities match these filters.',
                    ),
                  ),
            ),
          ),
        ),
        h(
          'nav',
          { className: 'atr-pager', 'aria-label': 'Pages' },
          h(
            StateLink,
            {
              to: list.prevCursor
                ? { ...firstPage, after: list.prevCursor }
                : firstPage,
              onChange,
              disabled: !list.prevCursor,
              rel: 'prev',
            },
            '‹ Previous',
          ),
          h(
            StateLink,
            {
              to: list.nextCursor
                ? { ...firstPage, after: list.nextCursor }
                : state,
              onChange,
              disabled: !list.nextCursor,
              rel: 'next',
            },
            'Next ›',
          ),
        ),
      ),
    ),
  );
}
