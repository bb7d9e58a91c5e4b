import express from 'express';
import Router from 'express-promise-router';
import type {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { isPlatformAdmin } from '@atrium/plugin-identity-node';
import type { SignInAuditStore } from './audit';

/**
 * `GET /atrium/sign-ins?limit=&before=&user=` under the auth plugin: the sign-in audit, newest first, for
 * platform admins.
 */
export function createAuditRouter(options: {
  store: SignInAuditStore;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  platformAdmins: string[];
}): express.Router {
  const { store, httpAuth, userInfo, platformAdmins } = options;
  const router = Router();
  router.get('/atrium/sign-ins', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { ownershipEntityRefs } = await userInfo.getUserInfo(credentials);
    if (!isPlatformAdmin(ownershipEntityRefs, platformAdmins)) {
      throw new NotAllowedError(
        'Only platform admins may read the sign-in audit',
      );
    }
    const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new InputError('limit must be a whole number from 1 to 500');
    }
    const before =
      req.query.before === undefined ? undefined : Number(req.query.before);
    if (before !== undefined && !Number.isInteger(before)) {
      throw new InputError('before must be a record id');
    }
    const user = req.query.user;
    if (user !== undefined && typeof user !== 'string') {
      throw new InputError('user must be one entity ref');
    }
    res.json(await store.list({ limit, before, userEntityRef: user }));
  });
  return router;
}
