/**
 * The entity page's "Unregister entity" in Chromium, as the browser suites see it: offered only where the
 * permission policy allows it. The frontend asks with the entity's ref, so the catalog resolves the ownership
 * condition for that entity.
 */
import type { Page } from 'playwright-core';
import { waitFor } from './proc.ts';

/**
 * Opens `component`'s page on `baseUrl` and its menu, and answers whether the page allowed "Unregister entity":
 * the permission framework's answer to the page's own question about this entity, once the menu item shows it
 * (enabled exactly when allowed). Closes the menu.
 */
export async function mayUnregister(
  page: Page,
  baseUrl: string,
  component: string,
): Promise<boolean> {
  const ref = `component:default/${component}`;
  const asks = (body: string | null) =>
    !!body &&
    body.includes('"catalog.entity.delete"') &&
    body.includes(`"${ref}"`);
  // The page's own question to the permission framework about this entity, and its answer.
  const answered = page.waitForResponse(
    r =>
      r.url().endsWith('/api/permission/authorize') &&
      asks(r.request().postData()),
    { timeout: 60_000 },
  );
  await page.goto(`${baseUrl}/catalog/default/component/${component}`);
  await page
    .getByRole('main')
    .getByRole('heading')
    .first()
    .waitFor({ timeout: 60_000 });
  await page
    .getByTestId('menu-button')
    .or(page.getByRole('button', { name: 'more' }))
    .first()
    .click({ timeout: 30_000 });
  const item = page.getByRole('menuitem', {
    name: /Unregister entity/,
  });
  await item.waitFor({ timeout: 30_000 });
  const response = await answered;
  const asked = JSON.parse(response.request().postData()!).items.find(
    (i: any) =>
      i.resourceRef === ref && i.permission?.name === 'catalog.entity.delete',
  );
  const { result } = (await response.json()).items.find(
    (i: any) => i.id === asked.id,
  );
  const allowed = result === 'ALLOW';
  // The answer has arrived; the menu item shows it (enabled exactly when allowed), waited for, not slept.
  await waitFor(
    `Unregister entity on ${component} to be ${
      allowed ? 'enabled' : 'disabled'
    }`,
    async () =>
      ((await item.getAttribute('aria-disabled')) === 'true') === !allowed
        ? true
        : undefined,
    { timeoutMs: 10_000, intervalMs: 100 },
  );
  await page.keyboard.press('Escape');
  return allowed;
}
