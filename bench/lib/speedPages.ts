// The speed benchmark's pages (bench/speed.ts), and what counts as their meaningful content in each app.
import { DEMO_PASSWORD } from '../../tests/lib/auth.ts';
import { signInInBrowser } from '../../tests/lib/browser.ts';
import type { AppUnderTest, PageSpec } from './browser.ts';

/** The user the bench signs in as in Atrium. */
export const USER = 'alice.nakamura';

// The pages, and what counts as their meaningful content in each app.

export const COMPONENT_PATH = '/catalog/default/component/payments-gateway';
export const componentPage: PageSpec = {
  key: 'component',
  path: COMPONENT_PATH,
  content:
    'a heading "Payments Gateway" and its description (About card): "Authorises, captures and refunds payments"',
  test: "heading(/Payments Gateway/) && text('Authorises, captures and refunds payments')",
};
export const catalogPage: PageSpec = {
  key: 'catalog',
  path: '/catalog',
  content: "the catalog table's first row, a link to a component",
  test: 'element(\'table tbody tr a[href*="/catalog/default/component/"]\')',
};
export const atriumHome: PageSpec = {
  key: 'home',
  path: '/',
  content:
    'the personal overview at the top: the heading "Welcome, <name>" and the "My services" card',
  test: "heading(/^Welcome, /) && text('My services')",
};
export const stockHome: PageSpec = {
  key: 'home',
  path: '/',
  content:
    'the first widget (Getting Started): its heading "Welcome to Backstage!"',
  test: 'heading(/Welcome to Backstage!/)',
};

export function atriumApp(baseUrl: string): AppUnderTest {
  return {
    name: 'Atrium',
    baseUrl,
    pages: [atriumHome, catalogPage, componentPage],
    // Home's "My services" lists Alice's team's components, Payments Gateway among them.
    navigation: { linkSelector: `main a[href$="${COMPONENT_PATH}"]` },
    async signIn(page) {
      await signInInBrowser(page, baseUrl, USER, DEMO_PASSWORD);
      await page
        .getByRole('heading', { name: /^Good (morning|afternoon|evening)/ })
        .waitFor({ timeout: 60_000 });
    },
  };
}

export function stockApp(baseUrl: string): AppUnderTest {
  return {
    name: 'stock',
    baseUrl,
    pages: [stockHome, catalogPage, componentPage],
    // The template's Home links no component (the guest stars none).
    navigation: {},
    async signIn(page) {
      // The template's sign-in page: the guest provider's "Enter".
      await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });
      await page
        .getByRole('button', { name: 'Enter' })
        .click({ timeout: 60_000 });
      await page
        .getByRole('heading', { name: /Welcome to Backstage!/ })
        .waitFor({ timeout: 60_000 });
    },
  };
}
