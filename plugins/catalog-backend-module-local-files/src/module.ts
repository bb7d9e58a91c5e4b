import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { textPlaceholderResolver } from './resolveText';

/**
 * Lets `$text` placeholders of file-located entities name files beside them, e.g. an API's OpenAPI document
 * in the demo catalog. URL locations keep Backstage's behaviour.
 */
export const catalogModuleLocalFiles = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-files',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addPlaceholderResolver('text', textPlaceholderResolver);
      },
    });
  },
});
