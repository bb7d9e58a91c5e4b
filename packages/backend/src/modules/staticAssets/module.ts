import {
  coreServices,
  createBackendModule,
  resolvePackagePath,
  type HttpRouterService,
} from '@backstage/backend-plugin-api';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadStaticAssets, PRECOMPRESSED_DIR } from './assets';
import { createStaticAssetsHandler, htmlNoCache } from './http';

type Handler = Parameters<HttpRouterService['use']>[0];

/** What app-backend's config injection looks for in the frontend's JS (its lib/config/injectConfigIntoStatic). */
const INJECTION_MARKERS = [
  '__APP_INJECTED_RUNTIME_CONFIG__',
  '__APP_INJECTED_CONFIG_MARKER__',
];

const kB = (n: number) => `${Math.round(n / 1024)} kB`;

/**
 * HTTP caching for the frontend that `@backstage/plugin-app-backend` serves, as a module of the app plugin
 * (modules initialise before their plugin, and their routes run in front of its routes):
 * - `/static/<content-hashed file>`: immutable for a year, brotli or gzip from memory (./http.ts, ./assets.ts);
 *   everything else under /static (source maps, unhashed or unknown files, assets of earlier deploys that
 *   app-backend keeps in its database) falls through to app-backend unchanged;
 * - index.html and the SPA's HTML fallback: `no-cache` instead of app-backend's `no-store`.
 *
 * Config injection: app-backend writes the frontend config into index.html when the build has an
 * index.html.tmpl (Atrium's does), else into the one JS file holding its placeholder, in place, after this
 * module has read the files. In that case the files holding the placeholder are left to app-backend, which
 * serves the injected one with `no-cache`. The `/api/app` alias and app-backend's protected mode (a
 * dist/public entry point, served to signed-out users instead of dist/static) are left to app-backend too.
 *
 * Why a module rather than middleware added through `rootHttpRouterServiceFactory({ configure })`: it sees
 * only the app plugin's requests, behind the backend's own middleware (helmet, the compression middleware,
 * request logging) without restating `applyDefaults`; it initialises before app-backend, so it reads
 * dist/static before any config injection; and it changes nothing in app-backend. It takes no config of its
 * own: it reads app-backend's `app.packageName`, `app.disableConfigInjection` and
 * `app.disablePublicEntryPoint`.
 */
export const staticAssetsModule = createBackendModule({
  pluginId: 'app',
  moduleId: 'atrium-static-assets',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
      },
      async init({ config, logger, httpRouter }) {
        httpRouter.use(htmlNoCache as Handler);

        const distDir = resolvePackagePath(
          config.getOptionalString('app.packageName') ?? 'app',
          'dist',
        );
        const staticDir = path.join(distDir, 'static');
        if (!existsSync(staticDir)) {
          logger.info(`No ${staticDir}: static files are left to app-backend`);
          return;
        }
        if (
          !config.getOptionalBoolean('app.disablePublicEntryPoint') &&
          existsSync(path.join(distDir, 'public'))
        ) {
          logger.info(
            'The app has a public entry point (protected mode): static files are left to app-backend',
          );
          return;
        }
        const injectsIntoStatic =
          !config.getOptionalBoolean('app.disableConfigInjection') &&
          !existsSync(path.join(distDir, 'index.html.tmpl'));

        // Read before app-backend's init, which may write the config into a file of dist/static (see above).
        const { assets, stats } = await loadStaticAssets({
          staticDir,
          precompressedDir: path.join(distDir, PRECOMPRESSED_DIR),
          exclude: injectsIntoStatic
            ? content => INJECTION_MARKERS.some(m => content.includes(m))
            : undefined,
        });
        const [all, br, gzip] = [
          stats.bytes.identity,
          stats.bytes.br,
          stats.bytes.gzip,
        ].map(kB);
        logger.info(
          `Serving ${stats.files} content-hashed static files immutable, ${all}: ${br} in brotli, ` +
            `${gzip} in gzip (${stats.variantsFromBuild} variants from the build step, ` +
            `${stats.variantsAtStartup} made now, in ${stats.durationMs} ms)`,
        );
        if (stats.variantsAtStartup > 0) {
          logger.info(
            'Some static files had no precompressed variants and were compressed at startup, with faster ' +
              'settings; scripts/lib/backend.sh precompresses them after the frontend build',
          );
        }
        if (stats.excluded.length) {
          const excluded = stats.excluded.join(', ');
          logger.info(
            `Left to app-backend, which injects the frontend config into one of them: ${excluded}`,
          );
        }

        const handler = createStaticAssetsHandler(assets);
        // Only at `/`, where the browser loads the app; the `/api/app` alias stays app-backend's (and closed).
        httpRouter.use(((req, res, next) =>
          req.baseUrl === '' ? handler(req, res, next) : next()) as Handler);
      },
    });
  },
});
