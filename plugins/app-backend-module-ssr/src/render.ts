import type { ApolloClient } from '@apollo/client';
import {
  CATALOG_LIST_QUERY,
  CatalogList,
  catalogListVariables,
  parseCatalogSearch,
  type CatalogListData,
  ENTITY_OVERVIEW_QUERY,
  EntityOverview,
  HOME_QUERY,
  HomeOverview,
  LAYER_BACKGROUND,
  APOLLO_STATE_ID,
  SSR_ROOT_ID,
  serializeForScript,
  type EntityOverviewData,
  type HomeData,
  type SsrPage,
} from '@atrium/plugin-graphql-react';
// A backend module that renders React itself: the backend has no React to be its peer.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { createElement as h } from 'react';
// eslint-disable-next-line @backstage/no-undeclared-imports
import { renderToString } from 'react-dom/server';
import { holdAppUntilPainted } from './appAfterPaint';

export interface RenderedPage {
  /** The page's content, as React rendered it (React escapes every text and attribute it writes). */
  markup: string;
  /** The Apollo cache after the page's query, for the browser to start from. */
  state: unknown;
  /** Whether the page's entity exists (for an entity page): a missing one is rendered as the app would. */
  found: boolean;
  /** The catalog list's heading, which the browser hydrates with (the app's config is not loaded by then). */
  title?: string;
}

export interface RenderOptions {
  /** The request's query string (without `?`): the catalog list's view. */
  search?: string;
  /** The organisation's name (`organization.name`), for the catalog list's heading. */
  organizationName?: string;
}

/**
 * Runs the page's query through `client` (the gateway, with the caller's credentials) and renders the same
 * view the app renders, from the same data.
 */
export async function renderPage(
  client: ApolloClient,
  page: SsrPage,
  options: RenderOptions = {},
): Promise<RenderedPage> {
  if (page.page === 'catalog') {
    const state = parseCatalogSearch(options.search ?? '');
    const { data } = await client.query<CatalogListData>({
      query: CATALOG_LIST_QUERY,
      variables: catalogListVariables(state),
    });
    if (!data) throw new Error('The gateway gave no data for the catalog');
    const title = `${options.organizationName ?? 'Backstage'} Catalog`;
    return {
      markup: renderToString(h(CatalogList, { data, state, title })),
      state: client.extract(),
      found: true,
      title,
    };
  }
  if (page.page === 'home') {
    const { data } = await client.query<HomeData>({ query: HOME_QUERY });
    if (!data) throw new Error('The gateway gave no data for Home');
    return {
      markup: renderToString(h(HomeOverview, { data })),
      state: client.extract(),
      found: true,
    };
  }
  const { data } = await client.query<EntityOverviewData>({
    query: ENTITY_OVERVIEW_QUERY,
    variables: { ref: page.ref },
  });
  if (!data) throw new Error(`The gateway gave no data for ${page.ref}`);
  return {
    markup: renderToString(h(EntityOverview, { data })),
    state: client.extract(),
    found: Boolean(data.entity),
  };
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '"': '&quot;',
  '<': '&lt;',
  '>': '&gt;',
};

/** Text for a double-quoted HTML attribute. */
function escapeAttribute(text: string): string {
  return text.replace(/[&"<>]/g, c => ATTRIBUTE_ESCAPES[c]);
}

/**
 * Until the app has rendered the same page, the server's content covers the app's area: a fixed layer the
 * app's shell boots beneath, removed when the app's page announces that it is ready.
 */
const LAYER_CSS = `#${SSR_ROOT_ID}{position:fixed;inset:0;z-index:1300;overflow:auto;background:${LAYER_BACKGROUND};padding:24px 24px 24px 248px;box-sizing:border-box}`;

/**
 * The app's HTML with the rendered page in it: the content before the app's root element, the cache state in
 * a JSON script element (escaped by `serializeForScript`, so entity text cannot close it), and the layer's
 * CSS in the head; the app's stylesheets and scripts load after the layer is painted (`holdAppUntilPainted`).
 * HTML without a root element is returned unchanged.
 */
export function injectIntoHtml(
  html: string,
  page: SsrPage,
  rendered: RenderedPage,
): string {
  const root = html.indexOf('<div id="root">');
  const headEnd = html.indexOf('</head>');
  if (root < 0 || headEnd < 0 || headEnd > root) {
    return html;
  }
  const title =
    rendered.title === undefined
      ? ''
      : ` data-title="${escapeAttribute(rendered.title)}"`;
  const content =
    `<div id="${SSR_ROOT_ID}" data-page="${page.page}"${title}>${rendered.markup}</div>` +
    `<script type="application/json" id="${APOLLO_STATE_ID}">${serializeForScript(
      rendered.state,
    )}</script>`;
  const app = holdAppUntilPainted(html.slice(0, headEnd));
  return [
    app.head,
    `<style>${LAYER_CSS}</style>`,
    html.slice(headEnd, root),
    content,
    app.stylesheets,
    html.slice(root),
  ].join('');
}
