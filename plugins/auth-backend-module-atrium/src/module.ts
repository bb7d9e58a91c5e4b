import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authOwnershipResolutionExtensionPoint,
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  readIdentityConfig,
  resolveOwnershipEntityRefs,
} from '@atrium/plugin-identity-node';
import { atriumOidcAuthenticator } from './authenticator';
import { SignInAuditStore } from './audit';
import { assertSafeSignIn } from './guard';
import {
  readSignInAuditRetentionDays,
  readSignInAuditRetentionSchedule,
  scheduleSignInAuditRetention,
} from './retention';
import { directoryUserResolverFactory } from './resolver';
import { createAuditRouter } from './router';

/**
 * Atrium's sign-in, as a module of Backstage's auth plugin:
 * - the `oidc` provider (Backstage's OIDC authenticator) with the `directoryUser` sign-in resolver, which
 *   admits only Users of the company directory;
 * - ownership that includes the parents of a user's groups;
 * - the sign-in audit, in the auth plugin's database, readable by platform admins and pruned daily;
 * - a guard that stops a production deployment with the guest provider or the embedded IdP.
 */
export const authModuleAtrium = createBackendModule({
  pluginId: 'auth',
  moduleId: 'atrium',
  register(reg) {
    // Ownership resolution is set during registration of the extension point's consumer, so it must be
    // wired in init like the providers.
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        ownership: authOwnershipResolutionExtensionPoint,
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({
        providers,
        ownership,
        config,
        database,
        logger,
        scheduler,
        httpRouter,
        httpAuth,
        userInfo,
        auth,
        catalog,
      }) {
        assertSafeSignIn(config);
        const auditRetentionDays = readSignInAuditRetentionDays(config);
        const auditRetentionSchedule = readSignInAuditRetentionSchedule(config);
        const identity = readIdentityConfig(config);

        ownership.setAuthOwnershipResolver({
          async resolveOwnershipEntityRefs(entity) {
            const credentials = await auth.getOwnServiceCredentials();
            const ownershipEntityRefs = await resolveOwnershipEntityRefs(
              entity,
              async refs =>
                (
                  await catalog.getEntitiesByRefs(
                    { entityRefs: refs },
                    { credentials },
                  )
                ).items,
              identity.maxGroupDepth,
            );
            return { ownershipEntityRefs };
          },
        });

        const store = await SignInAuditStore.create(await database.getClient());
        await scheduleSignInAuditRetention({
          scheduler,
          logger,
          store,
          retentionDays: auditRetentionDays,
          schedule: auditRetentionSchedule,
        });
        const record = async (
          attempt: Parameters<SignInAuditStore['record']>[0],
        ) => {
          try {
            await store.record(attempt);
          } catch (error) {
            // A sign-in is not refused because the audit could not be written; the log keeps it instead.
            logger.error(
              `Could not record a ${attempt.result} sign-in of ${attempt.subject}: ${error}`,
            );
          }
          const asUser = attempt.userEntityRef
            ? ` as ${attempt.userEntityRef}`
            : '';
          const reason = attempt.reason ? `: ${attempt.reason}` : '';
          logger.info(
            `Sign-in ${attempt.result} for ${attempt.subject} through ${attempt.providerId}${asUser}${reason}`,
          );
        };

        providers.registerProvider({
          providerId: 'oidc',
          factory: createOAuthProviderFactory({
            authenticator: atriumOidcAuthenticator(),
            signInResolverFactories: {
              directoryUser: directoryUserResolverFactory('oidc', record),
            },
          }),
        });

        httpRouter.use(
          createAuditRouter({
            store,
            httpAuth,
            userInfo,
            platformAdmins: identity.platformAdmins,
          }),
        );
      },
    });
  },
});
