/**
 * What the catalog list page (`/catalog`) shows, read as a user sees it in Chromium, and what it should show
 * for a user, computed from the catalog files the test loads.
 */
import type { Locator, Page } from 'playwright-core';
import { demoEntities, type DemoEntity } from './demo.ts';
import { waitFor } from './proc.ts';

/** The app's list (not the server-rendered layer above it, which steps aside). */
export const appList = (page: Page): Locator =>
  page.locator('#root [data-testid="atrium-catalog-list"]');

export interface ShownView {
  total: number;
  refs: string[];
  /** The row cells' text by column (star, name, owner, type, lifecycle, ...). */
  types: string[];
  owners: string[];
  lifecycles: string[];
  search: string;
}

/** The view on screen now, once the app's list shows a settled view (not loading). */
export async function shownView(page: Page): Promise<ShownView | undefined> {
  return page.evaluate(() => {
    const list = document.querySelector(
      '#root [data-testid="atrium-catalog-list"]',
    );
    const body = list?.querySelector('tbody');
    if (!list || !body || body.getAttribute('aria-busy') === 'true') {
      return undefined;
    }
    const rows = [...body.querySelectorAll('tr[data-ref]')];
    const cells = (i: number) =>
      rows.map(r => r.children[i]?.textContent?.trim() ?? '');
    return {
      total: Number.parseInt(
        list.querySelector('[data-testid="atrium-catalog-total"]')
          ?.textContent ?? '-1',
        10,
      ),
      refs: rows.map(r => r.getAttribute('data-ref') ?? ''),
      owners: cells(2),
      types: cells(3),
      lifecycles: cells(4),
      search: window.location.search,
    };
  });
}

/** Waits (bounded) until the list shows a settled view that `accept` takes. */
export async function waitForView(
  page: Page,
  what: string,
  accept: (view: ShownView) => boolean,
  timeoutMs = 30_000,
): Promise<ShownView> {
  let last: ShownView | undefined;
  return waitFor(
    what,
    async () => {
      last = await shownView(page);
      return last && accept(last) ? last : undefined;
    },
    {
      timeoutMs,
      intervalMs: 100,
      onTimeout: () => `last view: ${JSON.stringify(last)}`,
    },
  );
}

/** The count a filter option shows (`facet` as in the URL, or mine/starred), or undefined when not offered. */
export async function facetCount(
  page: Page,
  facet: string,
  value: string,
): Promise<number | undefined> {
  const option = appList(page).locator(
    `[data-facet="${facet}"][data-value="${value}"] .atr-count`,
  );
  if ((await option.count()) === 0) return undefined;
  return Number.parseInt((await option.textContent()) ?? '', 10);
}

/** The values a facet offers. */
export async function facetValues(
  page: Page,
  facet: string,
): Promise<string[]> {
  return appList(page)
    .locator(`[data-facet="${facet}"]`)
    .evaluateAll(els => els.map(e => e.getAttribute('data-value') ?? ''));
}

export const facetBox = (page: Page, facet: string, value: string) =>
  appList(page).locator(
    `[data-facet="${facet}"][data-value="${value}"] input[type="checkbox"]`,
  );

/** A component of the catalog files, as the list's oracle needs it. */
export interface Listed {
  ref: string;
  name: string;
  title?: string;
  description?: string;
  type?: string;
  lifecycle?: string;
  owner: string;
  tags: string[];
  ownersOnly: boolean;
}

function listed(e: DemoEntity & { metadata: any }): Listed {
  const owner = String(e.spec?.owner ?? '');
  return {
    ref: `${e.kind.toLowerCase()}:default/${e.metadata.name}`,
    name: e.metadata.name,
    title: e.metadata.title,
    description: e.metadata.description,
    type: e.spec?.type as string | undefined,
    lifecycle: e.spec?.lifecycle as string | undefined,
    owner: owner.includes(':') ? owner : `group:default/${owner}`,
    tags: e.metadata.tags ?? [],
    ownersOnly: e.metadata.annotations?.['atrium.dev/visibility'] === 'owners',
  };
}

/** The entities of a kind in the demo files and `extra`, as everyone (owners-only ones marked) sees them. */
export function catalogOf(kind: string, extra: DemoEntity[]): Listed[] {
  return [...demoEntities(), ...extra]
    .filter(e => e.kind === kind)
    .map(e => listed(e as DemoEntity & { metadata: any }));
}

/** What a user whose ownership refs are `ownership` may list. */
export function visibleTo(all: Listed[], ownership: string[]): Listed[] {
  return all.filter(e => !e.ownersOnly || ownership.includes(e.owner));
}

/** Case-insensitive text search over name, title, description and tags, as the gateway's `text`. */
export function matchesText(e: Listed, text: string): boolean {
  const q = text.toLowerCase();
  return [e.name, e.title ?? '', e.description ?? '', ...e.tags].some(v =>
    v.toLowerCase().includes(q),
  );
}
