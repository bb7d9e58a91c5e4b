import express from 'express';
import Router from 'express-promise-router';
import type {
  AuthService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import { BareRepositories, checkRepoName } from './repos';
import { gitHttpBackend } from './httpBackend';

export interface GitServerRouterOptions {
  repos: BareRepositories;
  auth: AuthService;
  httpAuth: HttpAuthService;
  logger: LoggerService;
  /** The plugins (service principals `plugin:<id>`) that may create, delete and push. */
  writers: string[];
  /** The plugin's external base URL, e.g. http://localhost:7007/api/git-server. */
  baseUrl: string;
}

const GIT_PATH = /^\/repos\/([a-z0-9-]+)\.git(\/.*)$/;

/**
 * - `POST /repos` `{ name, defaultBranch? }` and `DELETE /repos/:name`: a writer plugin's service token only.
 * - `/repos/<name>.git/...`: git's smart HTTP (clone and fetch for anyone; push with a writer's service token as
 *   the Basic password, e.g. `x-access-token:<token>`).
 * - `GET /raw/<name>/<ref>/<path>`: a file as committed, for the catalog's URL reader.
 */
export function createGitServerRouter(options: GitServerRouterOptions) {
  const { repos, auth, httpAuth, logger, writers, baseUrl } = options;
  const router = Router();

  const isWriter = (subject: string) =>
    writers.some(w => subject === `plugin:${w}`);

  const describe = (name: string) => ({
    name,
    cloneUrl: `${baseUrl}/repos/${name}.git`,
    repoContentsUrl: `${baseUrl}/raw/${name}/main`,
  });

  async function requireWriter(req: express.Request) {
    if (!req.headers.authorization) {
      throw new AuthenticationError('A service token is required');
    }
    const credentials = await httpAuth.credentials(req, { allow: ['service'] });
    if (!isWriter(credentials.principal.subject)) {
      throw new NotAllowedError(
        `${credentials.principal.subject} may not manage repositories`,
      );
    }
    return credentials.principal.subject;
  }

  router.post('/repos', express.json(), async (req, res) => {
    const subject = await requireWriter(req);
    const { name, defaultBranch } = req.body ?? {};
    if (typeof name !== 'string') throw new InputError('name is required');
    checkRepoName(name);
    await repos.create(name, defaultBranch ?? 'main');
    logger.info(`Repository ${name} created by ${subject}`);
    res.status(201).json(describe(name));
  });

  router.get('/repos', async (_req, res) => {
    res.json({ repos: (await repos.list()).map(describe) });
  });

  router.delete('/repos/:name', async (req, res) => {
    const subject = await requireWriter(req);
    await repos.delete(req.params.name);
    logger.info(`Repository ${req.params.name} deleted by ${subject}`);
    res.status(204).end();
  });

  router.get('/raw/:name/:ref/*', async (req, res) => {
    const content = await repos.readFile(
      req.params.name,
      req.params.ref,
      (req.params as unknown as Record<string, string>)[0],
    );
    res.type('text/plain').send(content);
  });

  router.use(async (req, res, next) => {
    const match = GIT_PATH.exec(req.path);
    if (!match) {
      next();
      return;
    }
    const [, name, rest] = match;
    checkRepoName(name);
    if (!repos.exists(name)) {
      res.status(404).type('text/plain').send(`No repository ${name}\n`);
      return;
    }
    const pushing =
      rest === '/git-receive-pack' || req.query.service === 'git-receive-pack';
    let remoteUser: string | undefined;
    if (pushing) {
      remoteUser = await pusher(req.headers.authorization);
      if (!remoteUser) {
        res
          .status(401)
          .setHeader('WWW-Authenticate', 'Basic realm="atrium git-server"')
          .type('text/plain')
          .send('Pushing takes a writer plugin service token\n');
        return;
      }
    }
    await gitHttpBackend({
      projectRoot: repos.root,
      pathInfo: `/${name}.git${rest}`,
      remoteUser,
      req,
      res,
    });
  });

  /** The writer plugin whose service token is the Basic password, if it is one. */
  async function pusher(header: string | undefined) {
    if (!header?.startsWith('Basic ')) return undefined;
    const decoded = Buffer.from(header.slice(6), 'base64').toString();
    const token = decoded.slice(decoded.indexOf(':') + 1);
    try {
      const credentials = await auth.authenticate(token);
      if (
        auth.isPrincipal(credentials, 'service') &&
        isWriter(credentials.principal.subject)
      ) {
        return credentials.principal.subject;
      }
    } catch {
      // not a token of ours: refused below
    }
    return undefined;
  }

  return router;
}
