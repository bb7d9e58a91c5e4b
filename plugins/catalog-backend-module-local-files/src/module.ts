import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  jsonPlaceholderResolver,
  textPlaceholderResolver,
  yamlPlaceholderResolver,
} from './resolvers';

/**
 * Lets `$text`, `$json` and `$yaml` placeholders of file-located entities name files beside them (e.g. an
 * API's OpenAPI document in the demo catalog) or absolute URLs, read through Backstage's URL reader within
 * `backend.reading.allow` and the integrations. URL locations keep Backstage's behaviour.
 */
export const catalogModuleLocalFiles = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-files',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addPlaceholderResolver('text', textPlaceholderResolver);
        catalog.addPlaceholderResolver('json', jsonPlaceholderResolver);
        catalog.addPlaceholderResolver('yaml', yamlPlaceholderResolver);
      },
    });
  },
});
