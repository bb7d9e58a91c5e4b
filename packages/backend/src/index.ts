/*
 * Atrium's backend, on Backstage's new backend system.
 *
 * Every feature is a plugin or a module added here. Atrium's own plugins live under plugins/ and are added the
 * same way as Backstage's.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  appApiAliasModule,
  authInternalRoutesModule,
  signalsHttpRoutesModule,
} from './modules/closedRoutes';
import { staticAssetsModule } from './modules/staticAssets';
import { httpMetricsRootRouter } from './modules/httpMetrics';
import { sqliteTunedDatabaseServiceFactory } from './modules/sqliteDatabase';
import { resilientCacheServiceFactory } from './modules/resilientCache';
import { startupLockServiceFactory } from './modules/startupLock';
import { mcpServerApisModule } from './modules/mcpServerApis';
import { catalogRefreshRequestsModule } from './modules/catalogRefreshRequests';
import { rootLoggerServiceFactory } from './modules/rootLogger';

const backend = createBackend();

// Backstage's root logger, with the config schema (which config values are secrets) kept between starts when
// ATRIUM_CONFIG_SCHEMA_CACHE names a folder: collecting it costs up to 10 s of each start (src/modules/rootLogger.ts).
backend.add(rootLoggerServiceFactory);

// On PostgreSQL, one replica at a time initialises its plugins (and runs their migrations), under an advisory lock
// taken before any plugin and released once all have started: two first starts on an empty database otherwise
// race in knex's migrations and one exits (src/modules/startupLock.ts).
backend.add(startupLockServiceFactory);

// Backstage's database service, with every plugin's SQLite file in write-ahead-log mode (synchronous=NORMAL):
// SQLite's default syncs the disk several times per commit, which held the catalog's ingestion back
// (src/modules/sqliteDatabase.ts). PostgreSQL connections are Backstage's as they are.
backend.add(sqliteTunedDatabaseServiceFactory);

// Backstage's cache service, with Redis (`backend.cache.store: redis`, shared by the replicas) bypassed while it
// is unreachable: every operation bounded (`atrium.cache.timeoutMs`), a miss or a no-op while Redis is down,
// one warning per outage, and caching again when it is back (src/modules/resilientCache.ts). Backstage's own
// Redis store hangs while Redis is down and stops reconnecting after the first dropped connection.
backend.add(resilientCacheServiceFactory);

// Backstage's root HTTP router, counting and timing every request for Prometheus ahead of its default middleware
// (src/modules/httpMetrics.ts; served by the operations plugin at /api/operations/metrics).
backend.add(httpMetricsRootRouter);

// Serves the built frontend (packages/app/dist) and injects its config.
backend.add(import('@backstage/plugin-app-backend'));
// ...at `/`; its `/api/app` alias answers 401 without credentials like every other API.
backend.add(appApiAliasModule);
// ...with HTTP caching: content-hashed /static files immutable for a year, in brotli or gzip precompressed
// after the frontend build, from memory; index.html and the app's routes `no-cache` (src/modules/staticAssets).
backend.add(staticAssetsModule);
// ...and Home and entity overviews rendered on the server for signed-in browsers, with their Apollo cache state
// (plugins/app-backend-module-ssr); the app hydrates that content and takes over.
backend.add(import('@atrium/plugin-app-backend-module-ssr'));

// Identity: sign-in through the company's OpenID provider, to the User the directory sync created
// (plugins/auth-backend-module-atrium: the resolver, ownership through parent groups, the sign-in audit and
// the production guard).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@atrium/plugin-auth-backend-module-atrium'));
// The embedded default's OpenID provider, holding the demo org's users (off unless atrium.embeddedIdp.enabled;
// production refuses it).
backend.add(import('@atrium/plugin-embedded-idp-backend'));
// Only sign-in is open to anonymous callers under /api/auth.
backend.add(authInternalRoutesModule);
// GitHub as a connected account, not a way into Atrium: where auth.providers.github is configured, a signed-in
// user connects their GitHub account and Home's pull requests are read with their own GitHub token (sent
// through the GraphQL gateway as x-github-token). No sign-in resolver: it never issues Atrium identities. The
// auth backend skips it where auth.providers.github is not configured (its routes answer 404).
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

// Catalog: every entity and its owner.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// APIs of MCP servers (remotes, no definition): Backstage 1.57's model layer for them (src/modules/mcpServerApis.ts).
backend.add(mcpServerApisModule);
// POST /api/catalog/refresh with an empty entityRef: 400, not the permission framework's 500.
backend.add(catalogRefreshRequestsModule);
// The org from the company directory, where `catalog.providers.ldapOrg` configures it (none by default:
// the embedded default loads the same org from demo/org.yaml). Backstage's LDAP provider with Atrium's
// schedule default (hourly) and transformers.
backend.add(import('@atrium/plugin-catalog-backend-module-ldap-org'));
// $text placeholders in file-located entities (the demo catalog's API definitions).
backend.add(import('@atrium/plugin-catalog-backend-module-local-files'));
// Only http, https and mailto links: an entity with a `javascript:` (or other) link is refused with a processing
// error naming the field (plugins/catalog-backend-module-safe-links).
backend.add(import('@atrium/plugin-catalog-backend-module-safe-links'));
// The catalog's change feed: triggers on its final_entities record what was stitched or removed, so the
// gateway's cache invalidation and the timeline read only what changed (plugins/catalog-backend-module-change-feed).
backend.add(import('@atrium/plugin-catalog-backend-module-change-feed'));

// Permissions: everyone signed in reads; an entity's owning team (directly or through a child team) and the
// platform admins change and operate it.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@atrium/plugin-permission-backend-module-ownership-policy'),
);

// Compute: a component's Apps and Scalers across the Kubernetes clusters in `compute.clusters`, and the owners'
// actions on them under the ownership permission and an audit (plugins/compute-backend).
backend.add(import('@atrium/plugin-compute-backend'));
// The embedded default's Kubernetes API simulator: two simulated clusters holding the demo workloads, and a
// registry simulator for their image tags. Not a cluster; off unless atrium.kubeSimulator.enabled.
backend.add(import('@atrium/kube-simulator'));

// Operations: a component's metrics from Prometheus and its alerts from Alertmanager (`operations.*`; each is off
// until its baseUrl is set), silences by its owners under the ownership permission and the auditor, and Atrium's
// own metrics at /api/operations/metrics for Prometheus to scrape (plugins/operations-backend).
backend.add(import('@atrium/plugin-operations-backend'));

// The GraphQL gateway at /api/graphql: the viewer, entities with their relations and owners, and a component's
// compute summary in one round trip, with the caller's credentials, query limits and a per-user response cache
// (plugins/graphql-backend). Modules add to its schema; compute's adds `Entity.compute`.
backend.add(import('@atrium/plugin-graphql-backend'));
backend.add(import('@atrium/plugin-graphql-backend-module-compute'));
// ...and Home's adds `Viewer.checklist` (the first-week checklist, from plugins/home-backend).
backend.add(import('@atrium/plugin-graphql-backend-module-home'));
// ...and the reviews module adds `Viewer.reviews` (the viewer's pull requests on GitHub, from
// plugins/reviews-backend).
backend.add(import('@atrium/plugin-graphql-backend-module-reviews'));
// ...and the operations module adds `Viewer.openAlerts` (the alerts firing now on the viewer's services, from
// plugins/operations-backend).
backend.add(import('@atrium/plugin-graphql-backend-module-operations'));

// Create: software templates.
backend.add(import('@backstage/plugin-scaffolder-backend'));
// ...with Atrium's actions (plugins/scaffolder-backend-module-atrium): publish to the embedded git server, create
// and deploy an App on compute as the user, and undo a failed run (the template demo/templates/atrium-service).
backend.add(import('@atrium/plugin-scaffolder-backend-module-atrium'));
// The embedded default's git server (Debian's git http-backend, repositories in the data folder) that the
// template publishes to; off unless atrium.gitServer.enabled, refused in production (plugins/git-server-backend).
backend.add(import('@atrium/plugin-git-server-backend'));

// Docs.
backend.add(import('@backstage/plugin-techdocs-backend'));

// Search: Postgres full-text search in production, the in-memory engine on SQLite.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

// Events: Backstage's events backend, so that the events service of every plugin publishes through its bus
// (PostgreSQL: stored and announced with LISTEN/NOTIFY) and an event published on one replica reaches the
// subscribers on every replica; on SQLite (one process) it keeps them in memory. No HTTP ingress topics are
// configured, so it opens no publishing route.
backend.add(import('@backstage/plugin-events-backend'));

// Signals: pushes updates to the frontend (user settings use it). Published through the events service, so a
// signal from a plugin on one replica reaches a user's WebSocket on another.
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(signalsHttpRoutesModule);
// Notifications (/api/notifications): compute's requests for approval reach the approvers and the requester.
backend.add(import('@backstage/plugin-notifications-backend'));

// Settings and starred entities, stored server-side per user.
backend.add(import('@backstage/plugin-user-settings-backend'));
// Home layouts: each user's widgets and their order, a team's default for its members, and the platform
// admins' default for everyone (plugins/home-backend, at /api/home).
backend.add(import('@atrium/plugin-home-backend'));
// Pull requests on Home: those awaiting the user's review and their own open ones, from GitHub's REST API at the
// integrations.github entry of `reviews.github.host` (plugins/reviews-backend, at /api/reviews).
backend.add(import('@atrium/plugin-reviews-backend'));
// The service timeline: an entity's deploys, rollbacks, scaling and audited actions (from compute, with the
// caller's credentials) and its catalog changes (recorded every `timeline.catalogPollSeconds`) in one
// chronological view; modules add sources such as alerts (plugins/timeline-backend, at /api/timeline).
backend.add(import('@atrium/plugin-timeline-backend'));
// ...with the component's alerts firing and resolving, from the operations plugin.
backend.add(import('@atrium/plugin-timeline-backend-module-alerts'));
// Adoption analytics and NPS: usage events from the app and from backend plugins (adoptionEventsServiceRef;
// compute records its actions), Insights for platform admins and `adoption.readers`, the quarterly NPS survey
// for everyone signed in, and a global task purging events older than `adoption.retention`
// (plugins/adoption-backend, at /api/adoption).
backend.add(import('@atrium/plugin-adoption-backend'));

// A backend that cannot start (a misconfiguration, a refused production setup) exits non-zero instead of
// answering 503 forever.
backend.start().catch(error => {
  // eslint-disable-next-line no-console
  console.error(`Atrium's backend failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
