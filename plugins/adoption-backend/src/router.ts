import express from 'express';
import Router from 'express-promise-router';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  adoptionCommentsReadPermission,
  adoptionReadPermission,
} from '@atrium/plugin-adoption-common';
import { csvTables } from './csvTables';
import { parseNpsAnswer } from './request/npsAnswer';
import {
  parseGrain,
  parseInsightsRange,
  parseTop,
  type InsightsRange,
} from './request/insightsQuery';
import type { AdoptionService } from './service/types';

/**
 * The adoption REST API (`/api/adoption`). The routes are thin: they read the caller, check Insights'
 * permissions and the parameters, and hand over to the service. `src/schema/openapi.yaml` describes the same
 * routes, and a test keeps them equal.
 */
export function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  service: AdoptionService;
}): express.Router {
  const { httpAuth, permissions, service } = options;
  const router = Router();
  // 500 events of up to a few hundred bytes each.
  router.use(express.json({ limit: '2mb' }));

  const user = async (req: express.Request) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    return { credentials, userEntityRef: credentials.principal.userEntityRef };
  };

  /** The caller may use the permission, or NotAllowedError (403). */
  const authorize = async (
    req: express.Request,
    permission: BasicPermission,
  ) => {
    const { credentials } = await user(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        permission === adoptionReadPermission
          ? 'adoption insights are for platform admins and the groups in adoption.readers'
          : 'NPS comments are for platform admins only',
      );
    }
  };

  /** Answers an Insights figure as JSON, or as CSV with a header row when `format=csv`. */
  const answer = <T>(
    res: express.Response,
    name: keyof typeof csvTables,
    range: InsightsRange,
    body: T,
  ) => {
    if (range.format === 'csv') {
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader(
        'content-disposition',
        `attachment; filename="adoption-${name}-${range.from}-${range.to}.csv"`,
      );
      res.send((csvTables[name] as (b: T) => string)(body));
    } else {
      res.json(body);
    }
  };

  /** An Insights GET route: the read permission, the range, then the figure. */
  const insights = (
    path: string,
    name: keyof typeof csvTables,
    figure: (
      range: InsightsRange,
      query: Record<string, unknown>,
    ) => Promise<unknown>,
    permission: BasicPermission = adoptionReadPermission,
  ) => {
    router.get(path, async (req, res) => {
      await authorize(req, permission);
      const query = req.query as Record<string, unknown>;
      const range = parseInsightsRange(query);
      res.setHeader('cache-control', 'private, no-store');
      answer(res, name, range, await figure(range, query));
    });
  };

  const sendBatchResult = (
    req: express.Request,
    res: express.Response,
    result: Awaited<ReturnType<AdoptionService['recordEvents']>>,
  ) => {
    if (result.rejected.length === 0) {
      res.status(202).json({ accepted: result.accepted });
      return;
    }
    // Backstage's error body, with what was stored and what was not: the valid events are kept.
    res.status(400).json({
      error: {
        name: 'InputError',
        message: `${result.rejected.length} of ${
          result.accepted + result.rejected.length
        } events were rejected; the others were stored`,
      },
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: 400 },
      accepted: result.accepted,
      rejected: result.rejected,
    });
  };

  router.post('/events', async (req, res) => {
    const { userEntityRef } = await user(req);
    sendBatchResult(
      req,
      res,
      await service.recordEvents(req.body, userEntityRef),
    );
  });

  // Backend plugins' own events (compute actions, template runs, funnel steps) for a user, through
  // adoptionEventsServiceRef: service callers only. `userEntityRef: null` (said explicitly; a missing user is
  // refused) records events no user made: a system found the step, as operations finds a new service's first
  // alert rule in Prometheus' rules. Such an event has nobody to count for. Stored under a system user, it
  // would make that user a daily active user and a member of every per-user figure; stored under the user who
  // ran the template (found through the component's app-ready event), it would make them active on a day they
  // did nothing, and fail for components no template made. So it is stored with no user, and no per-user
  // rollup gets a row for it (EventStore.insertWithoutUser).
  router.post('/server-events', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['service'] });
    const ref = (req.body as { userEntityRef?: unknown } | undefined)
      ?.userEntityRef;
    if (ref === null) {
      sendBatchResult(req, res, await service.recordEvents(req.body, null));
      return;
    }
    let userEntityRef: string;
    try {
      const parsed = parseEntityRef(String(ref ?? ''));
      if (parsed.kind.toLocaleLowerCase('en-US') !== 'user') throw new Error();
      userEntityRef = stringifyEntityRef(parsed);
    } catch {
      throw new InputError(
        'userEntityRef must be a user entity ref, or null for events no user made',
      );
    }
    sendBatchResult(
      req,
      res,
      await service.recordEvents(req.body, userEntityRef),
    );
  });

  insights('/insights/active-users', 'active-users', (range, query) =>
    service.activeUsers(range, parseGrain(query.grain)),
  );
  insights('/insights/teams', 'teams', range => service.teams(range));
  insights('/insights/top', 'top', (range, query) => {
    const { kind, limit } = parseTop(query);
    return service.top(range, kind, limit);
  });
  insights('/insights/searches', 'searches', range => service.searches(range));
  insights('/insights/templates', 'templates', range =>
    service.templates(range),
  );
  insights('/insights/actions', 'actions', range => service.actions(range));
  insights('/insights/nps', 'nps', range => service.nps(range));
  insights(
    '/insights/nps/comments',
    'nps-comments',
    range => service.npsComments(range),
    adoptionCommentsReadPermission,
  );
  insights('/insights/summary', 'summary', () => service.summary());

  router.get('/nps/survey', async (req, res) => {
    const { userEntityRef } = await user(req);
    res.setHeader('cache-control', 'private, no-store');
    res.json(await service.survey(userEntityRef));
  });

  router.post('/nps/answers', async (req, res) => {
    const { userEntityRef } = await user(req);
    const body = parseNpsAnswer(req.body);
    res.status(201).json(await service.answer(userEntityRef, body));
  });

  router.post('/nps/dismissals', async (req, res) => {
    const { userEntityRef } = await user(req);
    await service.dismiss(userEntityRef);
    res.status(204).end();
  });

  router.get('/nps/answers/mine', async (req, res) => {
    const { userEntityRef } = await user(req);
    res.setHeader('cache-control', 'private, no-store');
    res.json(await service.myAnswers(userEntityRef));
  });

  router.delete('/nps/answers/:id', async (req, res) => {
    const { userEntityRef } = await user(req);
    await service.deleteAnswer(userEntityRef, req.params.id);
    res.status(204).end();
  });

  return router;
}
