import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { httpMetricsMiddleware } from '@atrium/plugin-operations-backend';

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
 */
export const httpMetricsRootRouter = rootHttpRouterServiceFactory({
  configure({ app, applyDefaults }) {
    app.use(httpMetricsMiddleware());
    applyDefaults();
  },
});
