import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { EntityOverviewData } from '../queries';
import { gatewayEntityOverview } from '../testing';
import { EntityOverview } from './EntityOverview';

const overview = (source: unknown): EntityOverviewData =>
  gatewayEntityOverview('payments-gateway', {
    title: 'Payments Gateway',
    source,
  }) as EntityOverviewData;

/** The About card's source links, by their text. */
function sourceLinks(html: string): Record<string, string> {
  const nav = html.match(
    /<nav class="atr-actions" aria-label="Source">(.*?)<\/nav>/,
  );
  if (!nav) return {};
  return Object.fromEntries(
    [...nav[1].matchAll(/<a ([^>]*)>([^<]*)<\/a>/g)].map(([, attrs, text]) => [
      text,
      attrs,
    ]),
  );
}

describe("the overview's one About card", () => {
  it("links the definition's source and its edit page beside the portal, and the docs page in it", () => {
    const html = renderToStaticMarkup(
      h(EntityOverview, {
        data: overview({
          viewUrl: 'https://git.example/payments/payments-gateway',
          editUrl: 'https://git.example/payments/payments-gateway/edit',
          docsPath: '/docs/default/component/payments-gateway',
        }),
      }),
    );
    const links = sourceLinks(html);
    expect(Object.keys(links)).toEqual(['View source', 'Edit', 'Docs']);
    expect(links['View source']).toBe(
      'href="https://git.example/payments/payments-gateway" target="_blank" rel="noopener noreferrer"',
    );
    expect(links.Edit).toContain('target="_blank"');
    expect(links.Docs).toBe('href="/docs/default/component/payments-gateway"');
  });

  it('links only http(s): a script URL in an annotation is no link', () => {
    const html = renderToStaticMarkup(
      h(EntityOverview, {
        data: overview({
          // eslint-disable-next-line no-script-url -- the view must not render it
          viewUrl: 'javascript:alert(1)',
          editUrl: 'https://git.example/edit',
          docsPath: null,
        }),
      }),
    );
    expect(Object.keys(sourceLinks(html))).toEqual(['Edit']);
    // eslint-disable-next-line no-script-url -- asserting it is absent
    expect(html).not.toContain('javascript:');
  });

  it('shows no source row for an entity without source links', () => {
    for (const source of [
      null,
      { viewUrl: null, editUrl: null, docsPath: null },
    ]) {
      const html = renderToStaticMarkup(
        h(EntityOverview, { data: overview(source) }),
      );
      expect(html).toContain('aria-label="About"');
      expect(html).not.toContain('aria-label="Source"');
    }
  });
});
