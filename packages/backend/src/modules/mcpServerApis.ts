import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  CatalogModelSources,
  mcpServerApiEntityModel,
} from '@backstage/catalog-model/alpha';
import { catalogModelExtensionPoint } from '@backstage/plugin-catalog-node/alpha';

/**
 * APIs of MCP servers (`spec.type: mcp-server`, `spec.remotes` instead of `spec.definition`), as catalogs written
 * for Backstage 1.57 declare them. Backstage 1.57 ships the shape as a catalog model layer but does not install
 * it: without this module the catalog refuses such an API ("/spec must have required property 'definition'").
 * With a model source the catalog validates and relates entities through its model (the default model, which
 * the static source includes, plus this layer) instead of its built-in kinds processor.
 */
export const mcpServerApisModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'mcp-server-apis',
  register(reg) {
    reg.registerInit({
      deps: { model: catalogModelExtensionPoint },
      async init({ model }) {
        model.addModelSource(
          CatalogModelSources.static([mcpServerApiEntityModel]),
        );
      },
    });
  },
});
