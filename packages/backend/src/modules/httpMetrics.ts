import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { httpMetricsMiddleware } from '@atrium/plugin-operations-backend';
import {
  closeLingeringConnectionsOnShutdown,
  readConnectionGraceMs,
} from './lingeringConnections';

/**
 * Backstage's root HTTP router with one addition ahead of its default middleware: every request the backend
 * answers is counted and timed for Prometheus (`http_requests_total`, `http_request_duration_seconds`, labelled
 * `component="atrium"`, method and status code; plugins/operations-backend/src/selfMetrics.ts), served at
 * `/api/operations/metrics`.
 *
 * It goes first so that it also sees what the defaults answer themselves (rate limits, health checks, 404s,
 * errors); it only listens for the response's end, so it changes nothing in what follows. `applyDefaults` then
 * installs Backstage's middleware in Backstage's order (helmet, CORS, compression, logging, rate limit, health,
 * the plugins' routes, not found, errors).
 *
 * On shutdown, connections that would never end by themselves are closed after a grace period
 * (`lingeringConnections.ts`), so a replica told to stop does stop.
 */
export const httpMetricsRootRouter = rootHttpRouterServiceFactory({
  configure({ app, applyDefaults, server, lifecycle, logger, config }) {
    app.use(httpMetricsMiddleware());
    applyDefaults();
    closeLingeringConnectionsOnShutdown({
      server,
      lifecycle,
      logger,
      graceMs: readConnectionGraceMs(config),
    });
  },
});
