import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { SafeLinksProcessor } from './SafeLinksProcessor';

/**
 * Refuses entities whose links are not http, https or mailto, with a processing error naming the field
 * (SafeLinksProcessor).
 */
export const catalogModuleSafeLinks = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'safe-links',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new SafeLinksProcessor());
      },
    });
  },
});
