/**
 * Atrium's catalog list (`/catalog`) on the real backend, three suites on one backend (it starts and ingests the
 * demo catalog once, not once per suite; tests/lib/catalogListFixture.ts):
 * - its API, the gateway's `catalog` query (tests/lib/catalogListApiSuite.ts);
 * - the page in Chromium (tests/lib/catalogListBrowserSuite.ts);
 * - the page rendered by the server, and without the gateway (tests/lib/catalogListSsrSuite.ts). It runs last:
 *   its last test restarts the backend with a gateway that fails.
 * The API suite leaves the catalog and Alice's stars as it found them, and the browser suite leaves no star.
 */
import { after, before } from 'node:test';
import { catalogListApiSuite } from './lib/catalogListApiSuite.ts';
import { catalogListBrowserSuite } from './lib/catalogListBrowserSuite.ts';
import {
  startCatalogListBackend,
  type CatalogListBackend,
} from './lib/catalogListFixture.ts';
import { catalogListSsrSuite } from './lib/catalogListSsrSuite.ts';

// Filled in by `before`: the suites read its fields when their tests run.
const fixture = {} as CatalogListBackend;

before(async () => {
  Object.assign(fixture, await startCatalogListBackend('catalog-list'));
});

after(async () => {
  await fixture.backend?.stop();
});

catalogListApiSuite(fixture);
catalogListBrowserSuite(fixture);
catalogListSsrSuite(fixture);
