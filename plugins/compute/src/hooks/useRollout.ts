import { useEffect, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import type { AppView } from '@atrium/plugin-compute-common';
import { computeApiRef } from '../api';
import { describeError } from '../lib/errors';
import {
  evaluateRollout,
  RolloutExpectation,
  RolloutState,
} from '../lib/rollout';

export const ROLLOUT_POLL_MS = 1000;
export const ROLLOUT_TIMEOUT_MS = 3 * 60 * 1000;

export type TrackedRollout =
  | RolloutState
  | ({ state: 'timeout' } & Omit<RolloutState, 'state'>);

export interface RolloutTracking {
  rollout: TrackedRollout;
  app: AppView;
  /** The last polling error, while polling goes on. */
  pollError?: string;
}

/**
 * Follows a rollout after an action: polls `getApp` about every second until it is done or failed, and gives
 * up after three minutes.
 */
export function useRollout(
  initial: AppView,
  expectation: RolloutExpectation,
  options: { pollMs?: number; timeoutMs?: number } = {},
): RolloutTracking {
  const api = useApi(computeApiRef);
  const pollMs = options.pollMs ?? ROLLOUT_POLL_MS;
  const timeoutMs = options.timeoutMs ?? ROLLOUT_TIMEOUT_MS;
  const [tracking, setTracking] = useState<RolloutTracking>(() => ({
    app: initial,
    rollout: evaluateRollout(initial, expectation),
  }));

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const started = Date.now();
    const ref = {
      cluster: initial.cluster,
      namespace: initial.namespace,
      name: initial.name,
    };

    const poll = async () => {
      if (stopped) return;
      if (Date.now() - started >= timeoutMs) {
        setTracking(t => ({
          ...t,
          rollout: { ...t.rollout, state: 'timeout' } as TrackedRollout,
        }));
        return;
      }
      try {
        const app = await api.getApp(ref, { signal: controller.signal });
        if (stopped) return;
        const rollout = evaluateRollout(app, expectation);
        setTracking({ app, rollout });
        if (rollout.state !== 'progressing') return;
      } catch (e) {
        if (stopped) return;
        setTracking(t => ({ ...t, pollError: describeError(e) }));
      }
      timer = setTimeout(poll, pollMs);
    };

    if (evaluateRollout(initial, expectation).state === 'progressing') {
      timer = setTimeout(poll, pollMs);
    }
    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
    // The rollout is followed once, for the App and expectation it started with.
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  return tracking;
}
