import { generateKeyPairSync, randomBytes, timingSafeEqual } from 'node:crypto';
import express from 'express';
import Router from 'express-promise-router';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type ProviderType from 'oidc-provider';
import type { Configuration } from 'oidc-provider';
import { findAccount, type IdpAccount } from './accounts';
import { escapeHtml, loginPage } from './loginPage';

// oidc-provider is an ES module; Node 22 loads it through require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const oidcProviderModule = require('oidc-provider');

const Provider: typeof ProviderType =
  oidcProviderModule.default ?? oidcProviderModule;

export interface EmbeddedIdpOptions {
  /** The issuer: the URL the plugin is served at, e.g. http://localhost:7007/api/embedded-idp. */
  issuer: string;
  accounts: Map<string, IdpAccount>;
  password: string;
  client: { id: string; secret: string; redirectUris: string[] };
  logger: LoggerService;
}

const sameSecret = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The embedded OpenID provider: oidc-provider, holding the given accounts, with a sign-in form of its own
 * and consent granted for Atrium's one client (it is first-party). Keys and sessions live in memory, so a
 * restart signs everyone out.
 */
export function createEmbeddedIdp(options: EmbeddedIdpOptions): express.Router {
  const { issuer, accounts, password, client, logger } = options;
  const mountPath = new URL(issuer).pathname.replace(/\/$/, '');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const configuration: Configuration = {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        client_name: 'Atrium',
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [privateKey.export({ format: 'jwk' }) as any] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username', 'picture'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx, interaction) => `${mountPath}/interaction/${interaction.uid}`,
    },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub.toLocaleLowerCase('en-US'));
      if (!account) return undefined;
      return {
        accountId: account.username,
        async claims() {
          return {
            sub: account.username,
            preferred_username: account.username,
            ...(account.name && { name: account.name }),
            ...(account.picture && { picture: account.picture }),
            ...(account.email && {
              email: account.email,
              email_verified: true,
            }),
          };
        },
      };
    },
    // Atrium is the IdP's only, first-party client: what it asks for is granted without a consent screen.
    async loadExistingGrant(ctx) {
      const oidc = ctx.oidc;
      const clientId = oidc.client!.clientId;
      const existing =
        oidc.result?.consent?.grantId || oidc.session!.grantIdFor(clientId);
      if (existing) {
        const found = await oidc.provider.Grant.find(existing);
        if (found) return found;
      }
      const grant = new oidc.provider.Grant({
        clientId,
        accountId: oidc.session!.accountId!,
      });
      grant.addOIDCScope(
        [...(oidc.requestParamScopes ?? new Set<string>())].join(' ') ||
          'openid',
      );
      grant.addOIDCClaims([
        'email',
        'email_verified',
        'name',
        'preferred_username',
        'picture',
      ]);
      await grant.save();
      return grant;
    },
    // Atrium keeps the session alive with a refresh token (a page load refreshes it), so issue one without
    // requiring the offline_access scope.
    async issueRefreshToken(_ctx, c) {
      return c.grantTypeAllowed('refresh_token');
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Sign-in error</title><h1>Sign-in error</h1><pre>${escapeHtml(
        String(out.error_description ?? out.error),
      )}</pre>`;
    },
  };

  const provider = new Provider(issuer, configuration);
  // The backend terminates HTTP itself; trust its view of the request.
  provider.proxy = true;

  const hint = `Embedded demo IdP: sign in as any demo user (e.g. alice.nakamura) with the password from atrium.embeddedIdp.password.`;
  const router = Router();
  const form = express.urlencoded({ extended: false });
  const sendForm = (
    res: express.Response,
    uid: string,
    retry?: { login: string; error: string },
  ) =>
    res
      .status(retry ? 401 : 200)
      .type('html')
      .set('cache-control', 'no-store')
      .send(
        loginPage({
          action: `${mountPath}/interaction/${uid}/login`,
          clientName: 'Atrium',
          hint,
          ...retry,
        }),
      );

  router.get('/interaction/:uid', async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    sendForm(res, details.uid);
  });

  router.post('/interaction/:uid/login', form, async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    const login = String(req.body?.login ?? '');
    const given = String(req.body?.password ?? '');
    const account = findAccount(accounts, login);
    if (!account || !sameSecret(given, password)) {
      logger.info(`Embedded IdP: refused sign-in for "${login}"`);
      sendForm(res, details.uid, {
        login,
        error: 'Unknown user or wrong password.',
      });
      return;
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: account.username } },
      { mergeWithLastSubmission: false },
    );
  });

  const callback = provider.callback();
  router.use((req, res) => callback(req, res));
  return router;
}
