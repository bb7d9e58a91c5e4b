import express from 'express';
import Router from 'express-promise-router';
import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { ClusterInfo } from '@atrium/plugin-compute-common';
import { APP_ACTIONS } from './service/actionPlans';
import { addApprovalRoutes } from './approvals/routes';
import { parseActivityQuery } from './request/activityQuery';
import { parseJsonObject } from './request/jsonObject';
import { parsePodLogsQuery } from './request/podLogsQuery';
import { parseWorkloadsRequest } from './request/workloadsRequest';
import type {
  ComputeActionService,
  ComputeApprovalService,
  ComputeCreationService,
  ComputeDeletionService,
  ComputeReads,
  ComputeRecordReads,
  UserCredentials,
} from './types';

const APP = '/clusters/:cluster/namespaces/:namespace/apps/:app';

/**
 * The compute REST API. The routes are thin: they read the caller and the parameters and hand over to the
 * services (src/types.ts). `src/schema/openapi.yaml` describes the same routes, and a test keeps them equal.
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  reader: ComputeReads;
  actions: ComputeActionService;
  creation: ComputeCreationService;
  deletion: ComputeDeletionService;
  records: ComputeRecordReads;
  approvals: ComputeApprovalService;
  clusters: ClusterInfo[];
}): express.Router {
  const { httpAuth, reader, records, actions, creation, deletion } = options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  const user = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] }) as Promise<UserCredentials>;
  const anyone = (req: express.Request) => httpAuth.credentials(req);
  const entity = (req: express.Request) => ({
    namespace: req.params.namespace,
    name: req.params.name,
  });
  const app = (req: express.Request) => ({
    cluster: req.params.cluster,
    namespace: req.params.namespace,
    name: req.params.app,
  });

  router.get('/clusters', async (req, res) => {
    await anyone(req);
    res.json({ clusters: options.clusters });
  });

  router.get('/components/:namespace/:name/workloads', async (req, res) => {
    res.json(await reader.componentWorkloads(entity(req), await anyone(req)));
  });

  // Many components at once (Home's services, a team's list): one read of Apps per cluster for all of them.
  router.post('/components/workloads', async (req, res) => {
    const credentials = await anyone(req);
    const refs = parseWorkloadsRequest(req.body);
    res.json({ items: await reader.componentsWorkloads(refs, credentials) });
  });

  router.get('/components/:namespace/:name/events', async (req, res) => {
    res.json(await reader.componentEvents(entity(req), await anyone(req)));
  });

  router.get('/components/:namespace/:name/activity', async (req, res) => {
    const credentials = await anyone(req);
    const page = parseActivityQuery(req.query);
    res.json(await records.componentActivity(entity(req), credentials, page));
  });

  router.get('/teams/:namespace/:name/workloads', async (req, res) => {
    res.json(await reader.teamWorkloads(entity(req), await anyone(req)));
  });

  router.get('/teams/:namespace/:name/quota', async (req, res) => {
    res.json(await reader.teamQuota(entity(req), await anyone(req)));
  });

  // Self-service: a new App for a team; 201 when created, 200 for a dry run, 202 when stored for approval.
  router.post('/teams/:namespace/:name/apps', async (req, res) => {
    const answer = await creation.perform(
      entity(req),
      parseJsonObject(req.body),
      await user(req),
    );
    if ('approval' in answer) res.status(202);
    else res.status(answer.dryRun ? 200 : 201);
    res.json(answer);
  });
  router.post('/teams/:namespace/:name/apps/check', async (req, res) => {
    res.json(
      await creation.checkApproval(
        entity(req),
        parseJsonObject(req.body),
        await user(req),
      ),
    );
  });

  router.get(APP, async (req, res) => {
    res.json(await reader.app(app(req), await anyone(req)));
  });

  router.delete(APP, async (req, res) => {
    await deletion.delete(app(req), await user(req));
    res.status(204).end();
  });

  router.get(`${APP}/tags`, async (req, res) => {
    res.json(await records.appTags(app(req), await anyone(req)));
  });

  router.get(
    '/clusters/:cluster/namespaces/:namespace/pods/:pod/logs',
    async (req, res) => {
      const { cluster, namespace, pod } = req.params;
      const query = parsePodLogsQuery(req.query);
      res.json(
        await reader.podLogs(
          { cluster, namespace, pod },
          query,
          await anyone(req),
        ),
      );
    },
  );

  // The owners' actions: 200 when applied, 202 with the stored request when it needs approval first. Each one's
  // `/check` says beforehand whether it would need approval, and why, without writing anything.
  for (const action of APP_ACTIONS) {
    router.post(`${APP}/${action}`, async (req, res) => {
      const answer = await actions.perform(
        action,
        app(req),
        parseJsonObject(req.body),
        await user(req),
      );
      res.status('approval' in answer ? 202 : 200).json(answer);
    });
    router.post(`${APP}/${action}/check`, async (req, res) => {
      res.json(
        await actions.check(
          action,
          app(req),
          parseJsonObject(req.body),
          await user(req),
        ),
      );
    });
  }

  addApprovalRoutes(router, { approvals: options.approvals, user });

  return router;
}
