import type express from 'express';
import { parseApprovalsQuery } from '../request/approvalsQuery';
import { parseRejectRequest } from '../request/rejectRequest';
import type { ComputeApprovalService, UserCredentials } from '../types';

/** The routes of requests for approval (`/approvals`), on the compute router. */
export function addApprovalRoutes(
  router: express.Router,
  options: {
    approvals: ComputeApprovalService;
    user: (req: express.Request) => Promise<UserCredentials>;
  },
) {
  const { approvals, user } = options;

  router.get('/approvals', async (req, res) => {
    const query = parseApprovalsQuery(req.query);
    const items = await approvals.list(query, await user(req));
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
    const { comment } = parseRejectRequest(req.body);
    res.json(await approvals.reject(req.params.id, comment, credentials));
  });
}
