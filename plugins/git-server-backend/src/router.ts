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

/**
 * - `POST /repos` `{ name, defaultBranch? }` and `DELETE /repos/:name`: a writer plugin's service token only;
 *   `GET /repos`: any signed-in user or service.
 * - `/repos/<name>.git/...`: git's smart HTTP (clone and fetch for anyone; push with a writer's service token as
 *   the Basic password, e.g. `x-access-token:<token>`).
 * - `GET /raw/<name>/<ref>/<path>`: a file as committed, for the catalog's URL reader.
 *
 * `src/schema/openapi.yaml` describes the same routes, and a test keeps them equal.
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

  // Listing needs a signed-in user or a service; clones and raw files below are open (see plugin.ts).
  router.get('/repos', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
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

  // git's smart HTTP protocol, the three requests it makes (no "dumb" protocol paths): the refs advertisement,
  // then fetching (clone, fetch) or pushing. Pushing takes a writer's service token, checked before anything
  // about the repository is told.
  router.get('/repos/:name.git/info/refs', async (req, res) => {
    const pushing = req.query.service === 'git-receive-pack';
    await serveGit(req, res, '/info/refs', pushing);
  });
  router.post('/repos/:name.git/git-upload-pack', async (req, res) => {
    await serveGit(req, res, '/git-upload-pack', false);
  });
  router.post('/repos/:name.git/git-receive-pack', async (req, res) => {
    await serveGit(req, res, '/git-receive-pack', true);
  });

  async function serveGit(
    req: express.Request,
    res: express.Response,
    rest: string,
    pushing: boolean,
  ) {
    const { name } = req.params;
    checkRepoName(name);
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
    if (!repos.exists(name)) {
      res.status(404).type('text/plain').send(`No repository ${name}\n`);
      return;
    }
    await gitHttpBackend({
      projectRoot: repos.root,
      pathInfo: `/${name}.git${rest}`,
      remoteUser,
      req,
      res,
    });
  }

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
