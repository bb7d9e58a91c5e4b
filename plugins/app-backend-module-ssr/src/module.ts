import {
  coreServices,
  createBackendModule,
  resolvePackagePath,
  type AuthService,
  type DiscoveryService,
  type HttpAuthService,
  type HttpRouterService,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import { readFile, stat } from 'node:fs/promises';
import {
  createAtriumApolloClient,
  matchSsrPage,
} from '@atrium/plugin-graphql-react';
import type { Request, Response, NextFunction } from 'express';
import { injectIntoHtml, renderPage } from './render';
import { BOOT_SCRIPT_PATH, bootScript } from './appAfterPaint';

type Handler = Parameters<HttpRouterService['use']>[0];

export interface SsrHandlerOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  discovery: DiscoveryService;
  /** The longest the page's data may take before the plain app is served instead. */
  timeoutMs: number;
  /** The organisation's name (`organization.name`): the catalog list's heading. */
  organizationName?: string;
  /** The app's index.html, or undefined when there is none (then the plain app is served). */
  readIndexHtml(): Promise<string | undefined>;
}

/**
 * The request handler: for a signed-in browser asking for a server-rendered page, the app's HTML with the
 * page's content and cache state; for anything else, or when rendering fails, `next()` (the plain app).
 */
export function createSsrHandler(options: SsrHandlerOptions) {
  const {
    logger,
    httpAuth,
    auth,
    discovery,
    timeoutMs,
    readIndexHtml,
    organizationName,
  } = options;
  return async (req: Request, res: Response, next: NextFunction) => {
    // Only the app's own pages at `/`, not the /api/app alias; only browsers asking for HTML.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.baseUrl !== '') {
      next();
      return;
    }
    if (req.path === BOOT_SCRIPT_PATH) {
      // Named by its content: cached for good.
      res
        .status(200)
        .type('text/javascript')
        .set('Cache-Control', 'public, max-age=31536000, immutable')
        .send(bootScript());
      return;
    }
    const page = req.accepts('html') ? matchSsrPage(req.path) : undefined;
    if (!page) {
      next();
      return;
    }
    let credentials;
    try {
      credentials = await httpAuth.credentials(req, {
        allow: ['user'],
        allowLimitedAccess: true,
      });
    } catch {
      next(); // Signed out: the app's sign-in page.
      return;
    }
    const started = Date.now();
    let rendered;
    try {
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'graphql',
      });
      const uri = await discovery.getBaseUrl('graphql');
      const signal = AbortSignal.timeout(timeoutMs);
      const client = createAtriumApolloClient({
        uri,
        ssrMode: true,
        getToken: async () => token,
        fetch: (input, init) => fetch(input, { ...init, signal }),
      });
      const query = req.originalUrl.indexOf('?');
      rendered = await renderPage(client, page, {
        search: query < 0 ? '' : req.originalUrl.slice(query + 1),
        organizationName,
      });
    } catch (error) {
      logger.warn(
        `Server-side rendering of ${req.path} failed, serving the plain app: ${error}`,
      );
      res.setHeader('x-atrium-ssr', 'fallback');
      next();
      return;
    }
    const html = await readIndexHtml();
    if (!html) {
      next();
      return;
    }
    res
      .status(200)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        // Personal: never stored by shared caches, revalidated by the browser.
        'Cache-Control': 'private, no-cache',
        Vary: 'Cookie',
        'X-Frame-Options': 'DENY',
        'x-atrium-ssr': page.page,
        'Server-Timing': `ssr;dur=${Date.now() - started}`,
      })
      .send(injectIntoHtml(html, page, rendered));
  };
}

/**
 * The app's index.html, read when first needed (app-backend writes the injected config into it when it starts,
 * after this module) and again whenever the file changes.
 */
class IndexHtml {
  #cached?: { mtimeMs: number; html: string };
  constructor(private readonly path: string) {}

  async read(): Promise<string | undefined> {
    try {
      const { mtimeMs } = await stat(this.path);
      if (this.#cached?.mtimeMs !== mtimeMs) {
        this.#cached = { mtimeMs, html: await readFile(this.path, 'utf8') };
      }
      return this.#cached.html;
    } catch {
      return undefined;
    }
  }
}

/**
 * Serves Home (`/`), the catalog list (`/catalog?…`, the view its query string names) and entity overviews
 * (`/catalog/:namespace/:kind/:name`) to signed-in browsers with their
 * content already in the HTML, as a module of Backstage's app plugin: its route runs in front of app-backend's
 * HTML route. The page is the app's own index.html, as app-backend wrote it at startup with the frontend
 * config injected, with the rendered content and the Apollo cache state put into it.
 *
 * Who the user is comes from Backstage's user cookie (`backstage-auth`, which the app obtains from
 * `/api/app/.backstage/auth/v1/cookie` after sign-in). The data comes from the GraphQL gateway, called with a
 * token on the user's behalf, so the catalog's permissions apply as for the app's own requests. Anything that
 * goes wrong (no cookie, the gateway slow or failing) serves the plain app, which loads as before.
 */
export const ssrModule = createBackendModule({
  pluginId: 'app',
  moduleId: 'atrium-ssr',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ config, logger, httpRouter, httpAuth, auth, discovery }) {
        if (config.getOptionalBoolean('atrium.ssr.enabled') === false) {
          logger.info('Server-side rendering is off (atrium.ssr.enabled)');
          return;
        }
        const timeoutMs =
          config.getOptionalNumber('atrium.ssr.timeoutMs') ?? 2000;
        const indexHtml = new IndexHtml(
          resolvePackagePath(
            config.getOptionalString('app.packageName') ?? 'app',
            'dist/index.html',
          ),
        );

        const handler = createSsrHandler({
          logger,
          httpAuth,
          auth,
          discovery,
          timeoutMs,
          organizationName: config.getOptionalString('organization.name'),
          readIndexHtml: () => indexHtml.read(),
        });
        httpRouter.use(handler as unknown as Handler);
        logger.info(
          'Server-side rendering of Home, the catalog list and entity overviews is on',
        );
      },
    });
  },
});
