/* eslint-disable no-console */
/**
 * The test OpenID provider of the HA stack (tests/lib/ha/idp.ts starts it): the embedded IdP's provider
 * (plugins/embedded-idp-backend, npm oidc-provider, the demo users) served on its own, outside the replicas, the
 * way a company's IdP would be. Atrium's production config refuses the embedded IdP inside a replica, and two
 * replicas each with their own in-memory IdP could not share its sessions or refresh tokens.
 *
 * A CommonJS file run through Backstage's Node transform (`node --require …/nodeTransform.cjs idpServer.cts
 * '<json options>'`), since the plugin's sources are CommonJS TypeScript with extensionless imports.
 */
import { createServer } from 'node:http';
import express from 'express';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { readAccounts } from '../../../plugins/embedded-idp-backend/src/accounts';
import { createEmbeddedIdp } from '../../../plugins/embedded-idp-backend/src/provider';

interface IdpServerOptions {
  port: number;
  /** The issuer, e.g. http://localhost:<port>: the provider is served at its path. */
  issuer: string;
  /** Catalog files whose User entities are the accounts. */
  users: string[];
  password: string;
  client: { id: string; secret: string; redirectUris: string[] };
}

const options = JSON.parse(process.argv[2] ?? '{}') as IdpServerOptions;

const logger: LoggerService = {
  error: message => console.error(message),
  warn: message => console.warn(message),
  info: message => console.log(message),
  debug: () => {},
  child: () => logger,
};

const app = express();
app.use(
  new URL(options.issuer).pathname,
  createEmbeddedIdp({
    issuer: options.issuer,
    accounts: readAccounts(options.users),
    password: options.password,
    client: options.client,
    logger,
  }),
);
const server = createServer(app);
server.listen(options.port, '127.0.0.1', () =>
  console.log(`test IdP listening at ${options.issuer}`),
);
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
