import { makeApp } from '../testing/fixtures';
import { evaluateRollout, progressText, progressValue } from './rollout';

const before = makeApp();
const withStatus = (
  status: Partial<ReturnType<typeof makeApp>['status']>,
  replicas = 3,
) =>
  // After the action: the App's generation moved from 4 to 5.
  makeApp({
    generation: 5,
    spec: { ...before.spec, replicas },
    status: { ...before.status, ...status },
  });

describe('evaluateRollout', () => {
  it('waits until the controller observed the change, even if the counts look settled', () => {
    expect(
      evaluateRollout(withStatus({}, 3), { action: 'scale', before }).state,
    ).toBe('progressing');
    expect(
      evaluateRollout(withStatus({ observedGeneration: 5 }), {
        action: 'scale',
        before,
      }).state,
    ).toBe('done');
  });

  // A scale to 5 replicas, by a controller that reports no observedGeneration.
  it.each([
    [{ readyReplicas: 4 }, 'progressing'],
    [{ readyReplicas: 5 }, 'done'],
    [{ readyReplicas: 5, phase: 'Progressing' as const }, 'progressing'],
  ])(
    'falls back to counts and phase without observedGeneration: %j is %s',
    (status, state) => {
      const counts = { observedGeneration: undefined, updatedReplicas: 5 };
      expect(
        evaluateRollout(withStatus({ ...counts, replicas: 5, ...status }, 5), {
          action: 'scale',
          before: withStatus({ observedGeneration: undefined }),
        }).state,
      ).toBe(state);
    },
  );

  it('needs a new revision for deploy, restart and rollback, and no old pods left', () => {
    const exp = { action: 'deploy' as const, before };
    expect(
      evaluateRollout(withStatus({ observedGeneration: 5 }), exp).state,
    ).toBe('progressing');
    expect(
      evaluateRollout(
        withStatus({ observedGeneration: 5, currentRevision: 4, replicas: 4 }),
        exp,
      ).state,
    ).toBe('progressing');
    expect(
      evaluateRollout(
        withStatus({ observedGeneration: 5, currentRevision: 4 }),
        exp,
      ).state,
    ).toBe('done');
  });

  it('fails on phase Failed or a new Progressing=False condition', () => {
    const failed = evaluateRollout(
      withStatus({
        phase: 'Failed',
        conditions: [
          { type: 'Progressing', status: 'False', message: 'ImagePullBackOff' },
        ],
      }),
      { action: 'deploy', before },
    );
    expect(failed).toMatchObject({
      state: 'failed',
      reason: 'ImagePullBackOff',
    });
    const stalled = evaluateRollout(
      withStatus({
        phase: 'Progressing',
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'too slow',
          },
        ],
      }),
      { action: 'deploy', before },
    );
    expect(stalled).toMatchObject({
      state: 'failed',
      reason: 'ProgressDeadlineExceeded: too slow',
    });
  });

  it('waits for the replicas to be within new Scaler bounds', () => {
    expect(
      evaluateRollout(withStatus({}), {
        action: 'scaler',
        before,
        bounds: { min: 4, max: 8 },
      }).state,
    ).toBe('progressing');
    expect(
      evaluateRollout(
        withStatus({ replicas: 4, readyReplicas: 4, updatedReplicas: 4 }, 4),
        { action: 'scaler', before, bounds: { min: 4, max: 8 } },
      ).state,
    ).toBe('done');
  });

  it('formats progress', () => {
    expect(progressText({ desired: 5, updated: 3, ready: 2 })).toBe(
      'updated 3/5, ready 2/5',
    );
    expect(progressValue({ desired: 4, updated: 4, ready: 2 })).toBe(75);
    expect(progressValue({ desired: 0, updated: 0, ready: 0 })).toBe(100);
  });
});
