import express from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { Registry } from 'prom-client';
import { parseActiveAlertsRequest } from './request/activeAlertsRequest';
import { parseEventsRange } from './request/eventsRange';
import { parseSilenceRequest } from './request/silenceRequest';
import type { OperationsService } from './service/types';

const ENTITY = '/entities/:namespace/:kind/:name';

/**
 * The operations REST API (`/api/operations`). The routes are thin: they read the caller and the parameters and
 * hand over to the service. `src/schema/openapi.yaml` describes the same routes, and a test keeps them equal.
 * A silence is audited through Backstage's auditor, at medium severity, whatever its outcome.
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  service: OperationsService;
  /** Atrium's own metrics, served at /metrics for Prometheus. */
  registry: Registry;
}): express.Router {
  const { httpAuth, auditor, service, registry } = options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  const user = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });
  const anyone = (req: express.Request) => httpAuth.credentials(req);
  const entity = (req: express.Request) => ({
    namespace: req.params.namespace,
    kind: req.params.kind,
    name: req.params.name,
  });

  // Open to Prometheus without a Backstage token (the plugin adds the auth policy): scrapers authenticate with
  // their own means, if any. It shows counts and timings only, never a path, user or entity.
  router.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', registry.contentType);
    res.setHeader('cache-control', 'no-store');
    res.send(await registry.metrics());
  });

  router.get(`${ENTITY}/metrics`, async (req, res) => {
    res.json(
      await service.metrics(
        entity(req),
        req.query as Record<string, unknown>,
        await anyone(req),
      ),
    );
  });

  router.get(`${ENTITY}/alerts`, async (req, res) => {
    res.json(await service.alerts(entity(req), await anyone(req)));
  });

  // Many components at once (Home's open alerts through the gateway): a POST, since 100 refs make a long URL.
  router.post('/alerts/active', async (req, res) => {
    const credentials = await anyone(req);
    const entityRefs = parseActiveAlertsRequest(req.body);
    res.json(await service.activeAlerts(entityRefs, credentials));
  });

  router.get(`${ENTITY}/alert-events`, async (req, res) => {
    const credentials = await anyone(req);
    const range = parseEventsRange(req.query as Record<string, unknown>);
    const { namespace, kind, name } = entity(req);
    res.json({
      items: await service.alertEvents(
        `${kind}:${namespace}/${name}`,
        range,
        credentials,
      ),
    });
  });

  router.post(`${ENTITY}/silences`, async (req, res) => {
    const credentials = await user(req);
    const { namespace, kind, name } = entity(req);
    const body = req.body as Record<string, JsonValue | undefined> | undefined;
    const event = await auditor.createEvent({
      eventId: 'alert-silence',
      severityLevel: 'medium',
      request: req,
      meta: {
        entityRef: `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`,
        fingerprint: body?.fingerprint,
        matchers: body?.matchers,
        durationMinutes: body?.durationMinutes,
        comment: body?.comment,
      },
    });
    try {
      const result = await service.silence(
        entity(req),
        parseSilenceRequest(req.body),
        credentials,
      );
      await event.success({
        meta: {
          silenceId: result.silence.id,
          matchers: result.silence.matchers as unknown as JsonValue,
          endsAt: result.silence.endsAt,
        },
      });
      res.status(201).json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
