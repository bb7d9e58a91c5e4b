import type {
  AppView,
  ApprovalCheck,
  ComputeActionType,
  ComputeApi,
} from '@atrium/plugin-compute-common';
import { appRefOf } from './appRef';

/**
 * Asks an action's `/check` whether the change would need approval. The check route refuses (409) a
 * resourceVersion that is no longer the App's, as the action does; the App the dialog opened on may have moved
 * since (status writes, a rollout in progress), while whether approval is needed does not depend on it. So the
 * check is asked with the App's (for Scaler bounds, the Scaler's) resourceVersion as it is now; the action itself
 * still sends the one the user saw.
 */
export async function checkAgainstCurrent(
  api: ComputeApi,
  app: AppView,
  action: ComputeActionType,
  body: { resourceVersion: string } & Record<string, unknown>,
): Promise<ApprovalCheck> {
  const ref = appRefOf(app);
  const current = await api.getApp(ref);
  const resourceVersion =
    action === 'scaler'
      ? current.scaler?.resourceVersion ?? body.resourceVersion
      : current.resourceVersion;
  return api.checkAction(ref, action, { ...body, resourceVersion });
}
