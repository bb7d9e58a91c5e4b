import {
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  authOwnershipResolutionExtensionPoint,
  authProvidersExtensionPoint,
} from '@backstage/plugin-auth-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { authModuleAtrium } from './module';
import { SIGN_IN_AUDIT_RETENTION_TASK_ID } from './retention';

/**
 * The module in Backstage's test backend (in-memory SQLite), under a stand-in for the auth plugin that offers
 * only the two extension points the module uses (named so: the real auth plugin is not a dependency here).
 */
const standInAuthPlugin = createBackendPlugin({
  pluginId: 'auth',
  register(env) {
    env.registerExtensionPoint(authProvidersExtensionPoint, {
      registerProvider() {},
    });
    env.registerExtensionPoint(authOwnershipResolutionExtensionPoint, {
      setAuthOwnershipResolver() {},
    });
    env.registerInit({ deps: {}, async init() {} });
  },
});

describe('auth module atrium: sign-in audit retention', () => {
  const start = (config: object) => {
    const scheduler = mockServices.scheduler.mock();
    const backend = startTestBackend({
      features: [
        standInAuthPlugin,
        authModuleAtrium,
        mockServices.rootConfig.factory({ data: config }),
        scheduler.factory,
        catalogServiceMock.factory(),
      ],
    });
    return { scheduler, backend };
  };

  it('registers the daily prune of the sign-in audit once across replicas', async () => {
    const { scheduler, backend } = start({});
    await (await backend).stop();
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: SIGN_IN_AUDIT_RETENTION_TASK_ID,
        scope: 'global',
      }),
    );
  });

  it('does not start with a retention outside its bounds', async () => {
    const { backend } = start({
      auth: { signInAudit: { retentionDays: 4000 } },
    });
    await expect(backend).rejects.toThrow(
      /auth\.signInAudit\.retentionDays must be a whole number of days from 30 to 3650, got 4000/,
    );
  });
});
