import {
  ANNOTATIONS,
  CHANGE_CAUSE_ANNOTATION,
  COMPUTE_API_VERSION,
  LABELS,
  UNDEPLOYED_VERSION,
  formatChangeCause,
  type App,
  type Scaler,
} from '@atrium/plugin-compute-common';
import type { CreatePlan } from '../request/createAppRequest';

/** The App and (when asked) the Scaler a plan creates in one cluster's team namespace. */
export function manifestsOf(
  plan: CreatePlan,
  namespace: string,
  team: string,
): { app: App; scaler?: Scaler } {
  const labels = {
    [LABELS.component]: plan.component,
    [LABELS.team]: team,
  };
  const app: App = {
    apiVersion: COMPUTE_API_VERSION,
    kind: 'App',
    metadata: {
      name: plan.name,
      namespace,
      labels,
      annotations: plan.tag
        ? {
            [CHANGE_CAUSE_ANNOTATION]: formatChangeCause({
              kind: 'deploy',
              version: plan.tag,
            }),
          }
        : { [ANNOTATIONS.firstDeployReplicas]: String(plan.replicas) },
    },
    spec: {
      image: plan.image,
      // Without a tag nothing runs until the first deploy, which sets the version and the replicas.
      version: plan.tag ?? UNDEPLOYED_VERSION,
      replicas: plan.tag ? plan.replicas : 0,
      tier: plan.tier,
      resources: plan.resources,
      strategy: { type: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 },
    },
  };
  const scaler: Scaler | undefined = plan.scaler && {
    apiVersion: COMPUTE_API_VERSION,
    kind: 'Scaler',
    metadata: { name: plan.name, namespace, labels },
    spec: {
      targetRef: { name: plan.name },
      minReplicas: plan.scaler.minReplicas,
      maxReplicas: plan.scaler.maxReplicas,
      metrics: [{ type: 'cpu', targetUtilization: 70 }],
    },
  };
  return { app, scaler };
}
