import { createFrontendModule } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';

/**
 * `page:catalog`, overridden: Atrium's catalog list (`CatalogListPage`) in place of Backstage's catalog index
 * page, at the same path and route (the catalog plugin's `catalogIndex`), with the same nav item. Only the
 * page's loader changes, so everything that links to the catalog's index still reaches it.
 */
export const catalogListModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [
    catalogPlugin.getExtension('page:catalog').override({
      params: {
        loader: () =>
          import('./CatalogListPage').then(m => <m.CatalogListPage />),
      },
    }),
  ],
});
