import type express from 'express';
import { InputError } from '@backstage/errors';
import type { ComputeApprovalService, UserCredentials } from '../types';

const MAX_COMMENT = 2000;

/** The routes of requests for approval (`/approvals`), on the compute router. */
export function addApprovalRoutes(
  router: express.Router,
  options: {
    approvals: ComputeApprovalService;
    user: (req: express.Request) => Promise<UserCredentials>;
    body: (req: express.Request) => any;
  },
) {
  const { approvals, user, body } = options;

  router.get('/approvals', async (req, res) => {
    const { awaiting, requestedBy } = req.query;
    for (const [name, value] of Object.entries({ awaiting, requestedBy })) {
      if (value !== undefined && value !== 'me') {
        throw new InputError(`${name} may only be "me"`);
      }
    }
    if (awaiting === undefined && requestedBy === undefined) {
      throw new InputError('Ask for awaiting=me or requestedBy=me');
    }
    const items = await approvals.list(
      {
        awaiting: awaiting as 'me' | undefined,
        requestedBy: requestedBy as 'me' | undefined,
      },
      await user(req),
    );
    res.json({ items });
  });

  router.get('/approvals/:id', async (req, res) => {
    res.json(await approvals.get(req.params.id, await user(req)));
  });

  router.post('/approvals/:id/approve', async (req, res) => {
    res.json(await approvals.approve(req.params.id, await user(req)));
  });

  router.post('/approvals/:id/reject', async (req, res) => {
    const credentials = await user(req);
    const comment = (body(req) as { comment?: unknown }).comment;
    if (
      comment !== undefined &&
      (typeof comment !== 'string' || comment.length > MAX_COMMENT)
    ) {
      throw new InputError(
        `comment must be text of at most ${MAX_COMMENT} characters`,
      );
    }
    res.json(
      await approvals.reject(
        req.params.id,
        (comment as string | undefined)?.trim() || undefined,
        credentials,
      ),
    );
  });
}
