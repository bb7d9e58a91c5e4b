/* createElement rather than JSX: see EntityOverview.ts. */
import { createElement as h, type ReactNode } from 'react';
import type { FacetCount } from '@atrium/plugin-graphql-common';
import type { CatalogListData, CatalogListState } from '../catalogList';
import { parseFullRef } from '../refs';

/** How a catalog view changes its state: the page puts the new state into the URL (pushed, or replaced). */
export interface CatalogViewBehaviour {
  onChange?(next: CatalogListState, options?: { replace?: boolean }): void;
}

type Facets = CatalogListData['catalog']['facets'];
type MultiKey = 'type' | 'owner' | 'lifecycle' | 'tags';

/** At most this many values of a facet are offered (the selected ones always are). */
const MAX_OPTIONS = 30;

/** A state with one filter changed, back on the first page. */
export function withFilter<K extends keyof CatalogListState>(
  state: CatalogListState,
  key: K,
  value: CatalogListState[K],
): CatalogListState {
  const { after: _after, ...rest } = state;
  return { ...rest, [key]: value };
}

function toggled(list: string[], value: string): string[] {
  return list.includes(value)
    ? list.filter(v => v !== value)
    : [...list, value].sort();
}

/**
 * A checkbox the app controls (with `onChange`) or, on the server and in the hydrated layer, one that shows
 * its state without a handler (React warns about a controlled input without one).
 */
function Checkbox(props: {
  checked: boolean;
  label: ReactNode;
  count?: number;
  facet: string;
  value: string;
  onToggle?: () => void;
}) {
  const { checked, onToggle } = props;
  return h(
    'label',
    {
      className: 'atr-opt',
      'data-facet': props.facet,
      'data-value': props.value,
    },
    h('input', {
      type: 'checkbox',
      ...(onToggle
        ? { checked, onChange: onToggle }
        : { defaultChecked: checked, disabled: true }),
    }),
    h('span', { className: 'atr-opt-label' }, props.label),
    props.count === undefined
      ? null
      : h('span', { className: 'atr-count' }, String(props.count)),
  );
}

/** A facet's values with their counts, and the selected values the counts no longer name (count 0). */
function options(counts: FacetCount[], selected: string[]): FacetCount[] {
  const lower = (v: string) => v.toLocaleLowerCase('en-US');
  const shown = counts.slice(0, MAX_OPTIONS);
  const have = new Set(shown.map(c => lower(c.value)));
  for (const value of selected) {
    if (!have.has(lower(value))) {
      const counted = counts.find(c => lower(c.value) === lower(value));
      shown.push({ value, count: counted?.count ?? 0 });
      have.add(lower(value));
    }
  }
  return shown;
}

const LABELS: Record<MultiKey, string> = {
  type: 'Type',
  owner: 'Owner',
  lifecycle: 'Lifecycle',
  tags: 'Tags',
};

function MultiFacet(
  props: {
    facet: MultiKey;
    counts: FacetCount[];
    state: CatalogListState;
  } & CatalogViewBehaviour,
) {
  const { facet, counts, state, onChange } = props;
  const selected = state[facet];
  const shown = options(counts, selected);
  return h(
    'fieldset',
    { className: 'atr-facet', 'aria-label': LABELS[facet] },
    h('legend', null, LABELS[facet]),
    shown.length === 0 ? h('div', { className: 'atr-muted' }, 'None') : null,
    shown.map(({ value, count }) =>
      h(Checkbox, {
        key: value,
        facet,
        value,
        count,
        checked: selected.some(
          s =>
            s.toLocaleLowerCase('en-US') === value.toLocaleLowerCase('en-US'),
        ),
        label:
          facet === 'owner'
            ? h('span', { title: value }, parseFullRef(value)?.name ?? value)
            : value,
        onToggle: onChange
          ? () =>
              onChange(
                withFilter(state, facet, toggled(selected, value) as never),
              )
          : undefined,
      }),
    ),
  );
}

/** The kind select: each kind the caller may read, with its count under the other filters. */
function KindSelect(
  props: {
    counts: FacetCount[];
    state: CatalogListState;
  } & CatalogViewBehaviour,
) {
  const { counts, state, onChange } = props;
  const kinds = counts.map(c => ({
    value: c.value.toLocaleLowerCase('en-US'),
    label: c.value,
    count: c.count,
  }));
  if (!kinds.some(k => k.value === state.kind)) {
    kinds.push({ value: state.kind, label: state.kind, count: 0 });
  }
  return h(
    'label',
    { className: 'atr-kind' },
    h('span', { className: 'atr-facet-title' }, 'Kind'),
    h(
      'select',
      {
        'aria-label': 'Kind',
        ...(onChange
          ? {
              value: state.kind,
              onChange: (event: { target: { value: string } }) =>
                onChange(withFilter(state, 'kind', event.target.value)),
            }
          : { defaultValue: state.kind, disabled: true }),
      },
      kinds.map(k =>
        h(
          'option',
          { key: k.value, value: k.value },
          `${k.label} (${k.count})`,
        ),
      ),
    ),
  );
}

/** The list's filters: kind, owner (with mine and starred), type, lifecycle, tags, each with its count. */
export function CatalogFilters(
  props: { facets: Facets; state: CatalogListState } & CatalogViewBehaviour,
) {
  const { facets, state, onChange } = props;
  const flag = (key: 'mine' | 'starred', label: string, count: number) =>
    h(Checkbox, {
      facet: key,
      value: '1',
      label,
      count,
      checked: state[key],
      onToggle: onChange
        ? () => onChange(withFilter(state, key, !state[key]))
        : undefined,
    });
  return h(
    'aside',
    { className: 'atr-filters', 'aria-label': 'Filters' },
    h(KindSelect, { counts: facets.kind, state, onChange }),
    h(
      'fieldset',
      { className: 'atr-facet', 'aria-label': 'Personal' },
      h('legend', null, 'Personal'),
      flag('mine', 'Owned by me and my teams', facets.mine),
      flag('starred', 'Starred', facets.starred),
    ),
    h(MultiFacet, { facet: 'owner', counts: facets.owner, state, onChange }),
    h(MultiFacet, { facet: 'type', counts: facets.type, state, onChange }),
    h(MultiFacet, {
      facet: 'lifecycle',
      counts: facets.lifecycle,
      state,
      onChange,
    }),
    h(MultiFacet, { facet: 'tags', counts: facets.tags, state, onChange }),
  );
}
