import express from 'express';
import Router from 'express-promise-router';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { parseTimelineQuery } from './request/timelineQuery';
import type { TimelineEntities, TimelineService } from './types';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/**
 * The timeline REST API (`/api/timeline`), for signed-in users. The entity is read from the catalog with the
 * caller's credentials (the answer kept a few seconds per caller, `timeline.catalogTtlMs`), so one they may
 * not see is a 404, and every source reads on their behalf.
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  catalog: TimelineEntities;
  timeline: TimelineService;
}): express.Router {
  const { httpAuth, catalog, timeline } = options;
  const router = Router();

  router.get('/entities/:namespace/:kind/:name/events', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { namespace, kind, name } = req.params;
    if (![namespace, kind, name].every(p => NAME.test(p))) {
      throw new InputError('Not an entity name');
    }
    const request = parseTimelineQuery(req.query as Record<string, unknown>);
    const entityRef = stringifyEntityRef({
      kind,
      namespace,
      name,
    }).toLocaleLowerCase('en-US');
    const entity = await catalog.getEntityByRef(entityRef, credentials);
    if (!entity) {
      throw new NotFoundError(`No ${entityRef} in the catalog`);
    }
    res.json(await timeline.list(entity, entityRef, request, credentials));
  });

  return router;
}
