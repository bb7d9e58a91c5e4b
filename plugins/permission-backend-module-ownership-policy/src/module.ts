import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  OwnershipPolicy,
  readIdentityConfig,
} from '@atrium/plugin-identity-node';

/**
 * Installs Atrium's ownership policy in the permission backend: every permission the backend's plugins check has
 * a rule (`PERMISSION_RULES` in `@atrium/plugin-identity-node`): everyone signed in reads and registers; an
 * entity's owning team (directly or through a child team) and platform admins change and operate it; a
 * permission without a rule is denied to all but platform admins.
 */
export const permissionModuleOwnershipPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'ownership-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        logger: coreServices.logger,
      },
      async init({ policy, config, userInfo, logger }) {
        const identity = readIdentityConfig(config);
        if (identity.platformAdmins.length === 0) {
          logger.warn(
            'No atrium.identity.platformAdmins configured: only owners can change entities, and nobody can delete locations or use a permission without a rule',
          );
        }
        policy.setPolicy(new OwnershipPolicy(identity, userInfo));
      },
    });
  },
});
