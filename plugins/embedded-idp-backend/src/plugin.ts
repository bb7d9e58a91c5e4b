import { resolve } from 'node:path';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readAccounts } from './accounts';
import { createEmbeddedIdp } from './provider';

/**
 * The embedded default's OpenID provider, at `/api/embedded-idp`: the demo org's users sign in through the
 * real OIDC redirect flow, the way they would through the company's IdP. Does nothing unless
 * `atrium.embeddedIdp.enabled` is true; the auth module refuses it in production.
 */
export const embeddedIdpPlugin = createBackendPlugin({
  pluginId: 'embedded-idp',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        discovery: coreServices.discovery,
      },
      async init({ config, logger, httpRouter, discovery }) {
        const c = config.getOptionalConfig('atrium.embeddedIdp');
        if (!c?.getOptionalBoolean('enabled')) {
          return;
        }
        const files = c.getStringArray('users').map(f => resolve(f));
        const accounts = readAccounts(files);
        if (accounts.size === 0) {
          throw new Error(
            `atrium.embeddedIdp.users holds no User entities (${files.join(
              ', ',
            )})`,
          );
        }
        const issuer = await discovery.getExternalBaseUrl('embedded-idp');
        const authBase = await discovery.getExternalBaseUrl('auth');
        httpRouter.use(
          createEmbeddedIdp({
            issuer,
            accounts,
            password: c.getString('password'),
            client: {
              id: c.getString('client.id'),
              secret: c.getString('client.secret'),
              redirectUris: [`${authBase}/oidc/handler/frame`],
            },
            logger,
          }),
        );
        // An identity provider is what people use before they have credentials.
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        logger.info(
          `Embedded OpenID provider at ${issuer} with ${accounts.size} demo users (not for production)`,
        );
      },
    });
  },
});
