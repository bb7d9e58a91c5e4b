import type { Locator, Page } from 'playwright-core';

/** What is wrong with a page's layout as a person would see it. */
export interface LayoutProblems {
  /** The page, or its main content, scrolls sideways: by how many pixels. */
  horizontalOverflow: Array<{ where: string; by: number }>;
  /** Two pieces of visible text drawn over each other. */
  overlappingText: Array<{ a: string; b: string; overlap: string }>;
}

/**
 * Looks for the two layout faults a screenshot shows at a glance and an assertion on text never does:
 * - horizontal overflow: the document, or the app's `<main>`, wider than its viewport; inside them, a box that
 *   scrolls sideways or cuts its content off (not one that ends its text with an ellipsis, nor code);
 * - overlapping text: two visible text runs whose boxes cross by more than 3 px each way. A text run's box is
 *   its range's client rects, clipped by every ancestor that clips (overflow other than visible), so text cut
 *   off by an ellipsis or a scroll area counts only where it is seen.
 *
 * Bounded: at most 4,000 text runs are compared.
 */
export async function layoutProblems(page: Page): Promise<LayoutProblems> {
  return page.evaluate(() => {
    const horizontalOverflow: Array<{ where: string; by: number }> = [];
    const doc = document.scrollingElement ?? document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) {
      horizontalOverflow.push({
        where: 'document',
        by: doc.scrollWidth - window.innerWidth,
      });
    }
    for (const main of Array.from(document.querySelectorAll('main'))) {
      if (main.scrollWidth > main.clientWidth + 1) {
        horizontalOverflow.push({
          where: 'main',
          by: main.scrollWidth - main.clientWidth,
        });
      }
    }

    // Inside the page: a box that scrolls sideways, or cuts its content off without an ellipsis. Code keeps its
    // lines and may scroll (pre, code); a visually hidden element (1 px, clipped) is for screen readers.
    let inner = 0;
    for (const element of Array.from(document.body.querySelectorAll('*'))) {
      if (inner >= 20) break;
      if (element.scrollWidth <= element.clientWidth + 1) continue;
      if (element.clientWidth < 8 || element.closest('pre,code')) continue;
      const style = getComputedStyle(element);
      if (style.textOverflow === 'ellipsis') continue;
      const scrolls =
        style.overflowX === 'auto' || style.overflowX === 'scroll';
      const cuts = style.overflowX === 'hidden' || style.overflowX === 'clip';
      if (!scrolls && !cuts) continue;
      if (element === doc || element.tagName === 'MAIN') continue;
      const name =
        element.getAttribute('aria-label') ||
        element.querySelector('h1,h2,h3,h4,h5,h6,th')?.textContent?.trim() ||
        (element.textContent ?? '').trim().slice(0, 30);
      horizontalOverflow.push({
        where: `${
          scrolls ? 'scroll area' : 'box that cuts off'
        } <${element.tagName.toLowerCase()}> "${name}"`,
        by: element.scrollWidth - element.clientWidth,
      });
      inner++;
    }

    type Box = { left: number; top: number; right: number; bottom: number };
    const intersect = (a: Box, b: Box): Box => ({
      left: Math.max(a.left, b.left),
      top: Math.max(a.top, b.top),
      right: Math.min(a.right, b.right),
      bottom: Math.min(a.bottom, b.bottom),
    });
    const clipCache = new Map<Element, Box>();
    const clipOf = (element: Element | null): Box => {
      const whole = {
        left: -Infinity,
        top: -Infinity,
        right: Infinity,
        bottom: Infinity,
      };
      if (!element) return whole;
      const cached = clipCache.get(element);
      if (cached) return cached;
      const style = getComputedStyle(element);
      let clip = clipOf(element.parentElement);
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
        clip = intersect(clip, element.getBoundingClientRect());
      }
      clipCache.set(element, clip);
      return clip;
    };
    const visible = (element: Element) => {
      const style = getComputedStyle(element);
      return (
        style.visibility !== 'hidden' &&
        style.display !== 'none' &&
        Number(style.opacity) > 0
      );
    };

    const runs: Array<{ element: Element; text: string; box: Box }> = [];
    const walker = document.createTreeWalker(
      document.body,
      NodeFilter.SHOW_TEXT,
    );
    for (
      let node = walker.nextNode();
      node && runs.length < 4000;
      node = walker.nextNode()
    ) {
      const text = node.textContent?.trim();
      const element = node.parentElement;
      if (!text || !element || !visible(element)) continue;
      if (element.closest('style,script,noscript,[aria-hidden="true"]'))
        continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const clip = clipOf(element);
      for (const rect of Array.from(range.getClientRects())) {
        const box = intersect(rect, clip);
        if (box.right - box.left > 1 && box.bottom - box.top > 1) {
          runs.push({ element, text: text.slice(0, 40), box });
        }
      }
    }

    const overlappingText: Array<{ a: string; b: string; overlap: string }> =
      [];
    for (let i = 0; i < runs.length; i++) {
      for (let j = i + 1; j < runs.length; j++) {
        const a = runs[i];
        const b = runs[j];
        if (a.element === b.element) continue;
        const o = intersect(a.box, b.box);
        const w = o.right - o.left;
        const h = o.bottom - o.top;
        if (w > 3 && h > 3) {
          overlappingText.push({
            a: a.text,
            b: b.text,
            overlap: `${Math.round(w)}×${Math.round(h)} px at ${Math.round(
              o.left,
            )},${Math.round(o.top)}`,
          });
          if (overlappingText.length >= 20)
            return { horizontalOverflow, overlappingText };
        }
      }
    }
    return { horizontalOverflow, overlappingText };
  });
}

/**
 * The elements in `region` (itself included) that cut their content off: wider content than they are, hidden.
 * An ellipsis excuses only an element's own inline text: a block inside an element with `text-overflow:
 * ellipsis` is cut without one (Backstage's theme makes dense list text `nowrap` + ellipsis, and a list item
 * holding paragraphs and buttons is then cut silently). Each is named by tag and class, with the pixels cut.
 *
 * TODO(issue 20): `layoutProblems` still excuses every ellipsis; give it this rule once the pages it checks
 * pass with it.
 */
export async function cutOffWithin(region: Locator): Promise<string[]> {
  return region.evaluate(root =>
    [root, ...Array.from(root.querySelectorAll('*'))].flatMap(element => {
      if (element.scrollWidth <= element.clientWidth + 1) return [];
      const style = getComputedStyle(element);
      if (style.overflowX !== 'hidden' && style.overflowX !== 'clip') return [];
      const ellipsisShows =
        style.textOverflow === 'ellipsis' &&
        Array.from(element.children).every(child =>
          getComputedStyle(child).display.startsWith('inline'),
        );
      if (ellipsisShows) return [];
      return [
        `<${element.tagName.toLowerCase()} class="${String(
          element.className,
        ).slice(0, 80)}"> by ${element.scrollWidth - element.clientWidth} px`,
      ];
    }),
  );
}
