import { useEffect, useMemo, useRef } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  computeSignalChannel,
  type ComputeActionSignal,
} from '@atrium/plugin-compute-common';
import { useDebouncedCallback } from '../../hooks/useDebouncedCallback';

/**
 * How long after a signal the page refetches: a burst of actions (an admin scaling several Apps) costs one
 * refetch. The backend signals once the write is in its own cache, so no wait is needed for that replica.
 */
export const SIGNAL_DEBOUNCE_MS = 300;

/** One component's compute channel, through Backstage's useSignal: calls `onSignal` for each message. */
function ChannelListener(props: {
  channel: string;
  onSignal: (message: ComputeActionSignal) => void;
}) {
  const { lastSignal } = useSignal<ComputeActionSignal>(props.channel);
  const onSignal = useRef(props.onSignal);
  onSignal.current = props.onSignal;
  // Each message is a new object, so each one runs this once.
  useEffect(() => {
    if (lastSignal) onSignal.current(lastSignal);
  }, [lastSignal]);
  return null;
}

/**
 * Calls `onSignal` (debounced) when an owner's action on an App of one of `entityRefs` has been applied, as the
 * compute backend announces it on each component's channel (computeSignalChannel). One listener per channel,
 * since useSignal watches one; a team card lists many components. Renders nothing. Where the app has no signals
 * API, its connection is down, or the user is not among the recipients (the component's owners and the platform
 * admins), nothing arrives and the pages' polling keeps them fresh.
 */
export function ComputeSignals(props: {
  entityRefs: string[];
  onSignal: () => void;
}) {
  const onSignal = useDebouncedCallback(props.onSignal, SIGNAL_DEBOUNCE_MS);
  const channels = useMemo(
    () => [...new Set(props.entityRefs.map(computeSignalChannel))].sort(),
    [props.entityRefs],
  );
  return (
    <>
      {channels.map(channel => (
        <ChannelListener key={channel} channel={channel} onSignal={onSignal} />
      ))}
    </>
  );
}
