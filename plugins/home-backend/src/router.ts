import express from 'express';
import Router from 'express-promise-router';
import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { parseHomeLayout } from '@atrium/plugin-home-common';
import type { ChecklistService, HomeLayoutsService } from './types';

/**
 * The home REST API (`/api/home`), for signed-in users only. Every change is audited through Backstage's
 * auditor: a user's own layout at low severity, a team's or everyone's default at medium, since it changes
 * what other people see. The routes hand over to the layouts and checklist services (`types.ts`).
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  layouts: HomeLayoutsService;
  checklist: ChecklistService;
}): express.Router {
  const { httpAuth, auditor, layouts, checklist } = options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  const user = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });
  const group = (req: express.Request) =>
    `group:${req.params.namespace}/${req.params.name}`;

  /** Runs a change under an audit event that records its outcome. */
  async function audited<T>(
    req: express.Request,
    meta: { action: 'save' | 'delete'; scope: string; subject: string },
    change: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId: 'layout-change',
      severityLevel: meta.scope === 'user' ? 'low' : 'medium',
      request: req,
      meta,
    });
    try {
      const result = await change();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/layout', async (req, res) => {
    res.json(await layouts.effective(await user(req)));
  });

  router.put('/layout', async (req, res) => {
    const credentials = await user(req);
    const layout = parseHomeLayout(req.body);
    const subject = credentials.principal.userEntityRef;
    res.json(
      await audited(req, { action: 'save', scope: 'user', subject }, () =>
        layouts.saveMine(credentials, layout),
      ),
    );
  });

  router.delete('/layout', async (req, res) => {
    const credentials = await user(req);
    const subject = credentials.principal.userEntityRef;
    await audited(req, { action: 'delete', scope: 'user', subject }, () =>
      layouts.resetMine(credentials),
    );
    res.status(204).end();
  });

  router.get('/layouts/groups/:namespace/:name', async (req, res) => {
    res.json({
      layout: await layouts.groupLayout(group(req), await user(req)),
    });
  });

  router.put('/layouts/groups/:namespace/:name', async (req, res) => {
    const credentials = await user(req);
    const layout = parseHomeLayout(req.body);
    const subject = group(req);
    res.json(
      await audited(req, { action: 'save', scope: 'group', subject }, () =>
        layouts.saveGroupLayout(subject, layout, credentials),
      ),
    );
  });

  router.delete('/layouts/groups/:namespace/:name', async (req, res) => {
    const credentials = await user(req);
    const subject = group(req);
    await audited(req, { action: 'delete', scope: 'group', subject }, () =>
      layouts.deleteGroupLayout(subject, credentials),
    );
    res.status(204).end();
  });

  router.get('/layouts/global', async (req, res) => {
    await user(req);
    res.json({ layout: await layouts.globalLayout() });
  });

  router.put('/layouts/global', async (req, res) => {
    const credentials = await user(req);
    const layout = parseHomeLayout(req.body);
    res.json(
      await audited(req, { action: 'save', scope: 'global', subject: '' }, () =>
        layouts.saveGlobalLayout(layout, credentials),
      ),
    );
  });

  router.delete('/layouts/global', async (req, res) => {
    const credentials = await user(req);
    await audited(req, { action: 'delete', scope: 'global', subject: '' }, () =>
      layouts.deleteGlobalLayout(credentials),
    );
    res.status(204).end();
  });

  router.get('/checklist', async (req, res) => {
    const credentials = await user(req);
    res.json(await checklist.forUser(credentials.principal.userEntityRef));
  });

  router.put('/checklist/:itemId', async (req, res) => {
    const credentials = await user(req);
    res.json(
      await checklist.set(
        credentials.principal.userEntityRef,
        req.params.itemId,
        (req.body as { done?: unknown })?.done,
      ),
    );
  });

  return router;
}
