import type {
  AppView,
  ComputeActionType,
  Condition,
} from '@atrium/plugin-compute-common';

/** What the dialog waits for after an action. */
export interface RolloutExpectation {
  action: ComputeActionType;
  /** The App as the user saw it when they confirmed. */
  before: AppView;
  /** For Scaler bounds: the App's replicas should end up within them. */
  bounds?: { min: number; max: number };
}

export interface RolloutCounts {
  desired: number;
  updated: number;
  ready: number;
}

export type RolloutState =
  | ({ state: 'progressing' } & RolloutCounts)
  | ({ state: 'done' } & RolloutCounts)
  | ({ state: 'failed'; reason: string } & RolloutCounts);

/** Actions that make a new revision (new pods for every replica). */
const REVISION_ACTIONS: ComputeActionType[] = ['deploy', 'restart', 'rollback'];

const progressingCondition = (app: AppView): Condition | undefined =>
  app.status.conditions?.find(c => c.type === 'Progressing');

const sameCondition = (a?: Condition, b?: Condition) =>
  !!a &&
  !!b &&
  a.status === b.status &&
  a.reason === b.reason &&
  a.message === b.message &&
  a.lastTransitionTime === b.lastTransitionTime;

/**
 * Where a rollout stands.
 *
 * Done when every desired replica is updated and ready, no extra pods are left, the phase is `Running`, and
 * the controller has seen the change: `status.observedGeneration` reached the App's `generation` and, for
 * deploy, restart and rollback, `status.currentRevision` moved. Without `observedGeneration` the counts and the
 * phase decide. Failed on phase `Failed` or a new `Progressing` condition that is `False`.
 */
export function evaluateRollout(
  app: AppView,
  expectation: RolloutExpectation,
): RolloutState {
  const { before, action, bounds } = expectation;
  const status = app.status ?? {};
  const counts: RolloutCounts = {
    desired: app.spec.replicas,
    updated: status.updatedReplicas ?? 0,
    ready: status.readyReplicas ?? 0,
  };

  if (status.phase === 'Failed') {
    const cond = status.conditions?.find(
      c => c.status === 'False' && c.message,
    );
    return {
      state: 'failed',
      reason: cond?.message ?? 'The App is in phase Failed',
      ...counts,
    };
  }
  const progressing = progressingCondition(app);
  if (
    progressing?.status === 'False' &&
    !sameCondition(progressing, progressingCondition(before))
  ) {
    return {
      state: 'failed',
      reason:
        [progressing.reason, progressing.message].filter(Boolean).join(': ') ||
        'The rollout stopped progressing',
      ...counts,
    };
  }

  // The cluster has seen the change once it observed the generation the action wrote.
  const changesApp = action !== 'scaler';
  const observed =
    !changesApp ||
    status.observedGeneration === undefined ||
    status.observedGeneration >= app.generation;

  const beforeRevision = before.status?.currentRevision;
  const revisionMoved =
    !REVISION_ACTIONS.includes(action) ||
    beforeRevision === undefined ||
    (status.currentRevision !== undefined &&
      status.currentRevision !== beforeRevision);

  const withinBounds =
    !bounds || (counts.desired >= bounds.min && counts.desired <= bounds.max);

  const { desired, updated, ready } = counts;
  const noExtraPods =
    status.replicas === undefined || status.replicas <= desired;
  const phaseOk = desired === 0 ? true : status.phase === 'Running';
  const settled =
    updated >= desired && ready >= desired && noExtraPods && phaseOk;

  if (observed && revisionMoved && withinBounds && settled) {
    return { state: 'done', ...counts };
  }
  return { state: 'progressing', ...counts };
}

/** `updated X/N, ready Y/N`. */
export const progressText = ({ desired, updated, ready }: RolloutCounts) =>
  `updated ${updated}/${desired}, ready ${ready}/${desired}`;

/** 0–100 for a progress bar. */
export function progressValue({ desired, updated, ready }: RolloutCounts) {
  if (desired <= 0) return 100;
  const u = Math.min(updated, desired);
  const r = Math.min(ready, desired);
  return Math.round(((u + r) / (2 * desired)) * 100);
}
