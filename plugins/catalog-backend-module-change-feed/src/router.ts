import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { CHANGE_FEED_PATH } from '@atrium/plugin-catalog-change-feed-node';
import { InputError } from '@backstage/errors';
import type express from 'express';
import Router from 'express-promise-router';
import type { CatalogChangeLog } from './ChangeLog';

/**
 * `GET /api/catalog/atrium/changes?cursor=...`: the refs changed since the cursor. Service callers only: the feed
 * names entities whatever their read rule (an owners-only entity's ref included), so users never see it.
 */
export function createChangeFeedRouter(deps: {
  log: CatalogChangeLog;
  httpAuth: HttpAuthService;
}): express.Router {
  const router = Router();
  router.get(CHANGE_FEED_PATH, async (req, res) => {
    await deps.httpAuth.credentials(req, { allow: ['service'] });
    const cursor = req.query.cursor;
    if (
      cursor !== undefined &&
      (typeof cursor !== 'string' || cursor.length > 100)
    ) {
      throw new InputError('cursor must be one short string');
    }
    res.json(await deps.log.read(cursor || undefined));
  });
  return router;
}
