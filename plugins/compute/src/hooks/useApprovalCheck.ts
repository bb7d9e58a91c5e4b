import { useEffect, useRef, useState } from 'react';
import { describeError } from '../lib/errors';
import type { ApprovalCheck } from '@atrium/plugin-compute-common';
import { useDebouncedCallback } from './useDebouncedCallback';

/** How long the form must rest before the check route is asked. */
export const APPROVAL_CHECK_DELAY_MS = 400;

/** What the dialog knows about whether its change needs approval. */
export type ApprovalCheckState =
  | { status: 'idle' }
  | { status: 'checking' }
  | { status: 'known'; check: ApprovalCheck }
  | { status: 'failed'; error: string };

/**
 * Asks the check route whether the change the form now describes needs approval: once the form has rested for
 * APPROVAL_CHECK_DELAY_MS after its last edit (`key` is the change in words; undefined while there is nothing to
 * send). An answer to an earlier form is dropped; a failed check is reported, never thrown.
 */
export function useApprovalCheck(
  check: (() => Promise<ApprovalCheck>) | undefined,
  key: string | undefined,
): ApprovalCheckState {
  const [state, setState] = useState<ApprovalCheckState>({ status: 'idle' });
  const asked = useRef(0);
  // Whether a check is wanted now: a debounced call that comes after the form was sent is dropped.
  const wanted = useRef(false);
  const checkRef = useRef(check);
  checkRef.current = check;

  const run = useDebouncedCallback(() => {
    const ask = checkRef.current;
    if (!ask || !wanted.current) return;
    const id = ++asked.current;
    ask().then(
      result => {
        if (id === asked.current) setState({ status: 'known', check: result });
      },
      error => {
        if (id === asked.current)
          setState({ status: 'failed', error: describeError(error) });
      },
    );
  }, APPROVAL_CHECK_DELAY_MS);

  const enabled = !!check;
  useEffect(() => {
    // Whatever was asked before is about another form now.
    asked.current++;
    wanted.current = enabled && key !== undefined;
    if (!wanted.current) {
      setState({ status: 'idle' });
      return;
    }
    setState({ status: 'checking' });
    run();
  }, [enabled, key, run]);

  return state;
}
