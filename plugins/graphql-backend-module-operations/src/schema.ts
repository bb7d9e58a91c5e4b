import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ownedEntities,
  type GatewayContext,
  type GraphqlSchemaContribution,
} from '@atrium/plugin-graphql-node';
import {
  compareAlerts,
  type ActiveAlertsResponse,
  type Alert,
} from '@atrium/plugin-operations-common';

/** Alerts fire and resolve without the catalog knowing: an answer that shows them is kept this long at most. */
export const OPEN_ALERTS_MAX_AGE_SECONDS = 15;

/** Most alerts one answer lists (`totalCount` says how many fire). */
export const MAX_OPEN_ALERTS = 100;

/**
 * The viewer's services, exactly as Home's "My services" asks for them (`owned(kind: "component", first: 50)`
 * in plugins/graphql-react's HOME_QUERY), so the widget's alerts are those of the services Home lists.
 */
export const MY_SERVICES = { kind: 'component', first: 50 } as const;

/** The operations backend, read on behalf of the viewer. */
export interface OpenAlertsSource {
  getActiveAlerts(
    entityRefs: string[],
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<ActiveAlertsResponse>;
}

const typeDefs = /* GraphQL */ `
  extend type Viewer {
    "The alerts firing now (Alertmanager, through the operations backend) on the services Home lists as the viewer's: the components they and their teams own."
    openAlerts: OpenAlerts!
  }

  type OpenAlerts {
    "Whether Atrium reads an Alertmanager (operations.alertmanager.baseUrl)."
    configured: Boolean!
    "How to configure Alertmanager, when it is not configured."
    howTo: String
    "How many alerts fire on the viewer's services (items holds the first 100)."
    totalCount: Int!
    "Most severe first, then the oldest."
    items: [OpenAlert!]!
  }

  type OpenAlert {
    "entityRef#fingerprint (one alert may fire on two services whose matchers both select it)."
    id: ID!
    fingerprint: String!
    "The alertname label."
    name: String!
    "The severity label, or none."
    severity: String!
    "active, or suppressed (silenced or inhibited)."
    state: String!
    "ISO 8601: firing since."
    startsAt: String!
    summary: String!
    "Whether a silence mutes it."
    silenced: Boolean!
    "The service it fires on."
    entity: Entity!
  }
`;

/**
 * The operations backend's error, as the gateway reports it: its own message (which names Alertmanager and its
 * URL when Alertmanager is down) with a code the client can act on.
 */
export class OpenAlertsUnavailableError extends Error {
  name = 'OpenAlertsUnavailableError';
  readonly extensions: { code: string };

  constructor(message: string, code: string) {
    super(message);
    this.extensions = { code };
  }
}

function translate(error: unknown): unknown {
  if (!(error instanceof ResponseError)) return error;
  const message =
    (error.body?.error as { message?: string } | undefined)?.message ??
    error.message;
  if (error.statusCode === 503) {
    return new OpenAlertsUnavailableError(message, 'ALERTMANAGER_UNAVAILABLE');
  }
  return new OpenAlertsUnavailableError(
    `The operations backend answered ${error.statusCode}: ${message}`,
    'OPERATIONS_UNAVAILABLE',
  );
}

function openAlert(entity: Entity, entityRef: string, alert: Alert) {
  return {
    id: `${entityRef}#${alert.fingerprint}`,
    fingerprint: alert.fingerprint,
    name: alert.name,
    severity: alert.severity,
    state: alert.state,
    startsAt: alert.startsAt,
    summary: alert.summary,
    silenced: alert.silencedBy.length > 0,
    entity,
  };
}

/** The alerts of the viewer's services, most severe first; none when they own no service. */
async function openAlerts(
  catalog: Pick<CatalogService, 'queryEntities'>,
  source: OpenAlertsSource,
  ctx: GatewayContext,
) {
  const { items: services } = await ownedEntities(
    catalog,
    ctx,
    ctx.ownershipEntityRefs,
    MY_SERVICES,
  );
  if (services.length === 0) {
    return { configured: true, howTo: null, totalCount: 0, items: [] };
  }
  let answer: ActiveAlertsResponse;
  try {
    answer = await source.getActiveAlerts(
      services.map(s => stringifyEntityRef(s)),
      ctx.credentials,
    );
  } catch (error) {
    throw translate(error);
  }
  if (!answer.configured) {
    return { configured: false, howTo: answer.howTo, totalCount: 0, items: [] };
  }
  const alerts = answer.items
    .flatMap((item, i) =>
      item
        ? item.alerts.map(a => openAlert(services[i], item.entityRef, a))
        : [],
    )
    .sort(compareAlerts);
  return {
    configured: true,
    howTo: null,
    totalCount: alerts.length,
    items: alerts.slice(0, MAX_OPEN_ALERTS),
  };
}

/** `Viewer.openAlerts`: the alerts firing now on the viewer's services, from the operations backend. */
export function openAlertsSchema(deps: {
  catalog: Pick<CatalogService, 'queryEntities'>;
  source: OpenAlertsSource;
}): GraphqlSchemaContribution {
  return {
    typeDefs,
    listSizes: { 'OpenAlerts.items': MAX_OPEN_ALERTS },
    resolvers: {
      Viewer: {
        openAlerts: (_viewer: unknown, _: unknown, ctx: GatewayContext) => {
          ctx.cache.maxAge(OPEN_ALERTS_MAX_AGE_SECONDS);
          return openAlerts(deps.catalog, deps.source, ctx);
        },
      },
    },
  };
}
