import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

export interface PolledAsyncState<T> {
  value?: T;
  error?: Error;
  /** True until the first answer (or error) arrived. */
  loading: boolean;
  refresh: () => void;
}

/**
 * Loads data and, with `intervalMs`, reloads it while the page is visible. The last value stays shown while
 * reloading; a failed reload keeps the value and sets `error`.
 */
export function usePolledAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  intervalMs?: number,
): PolledAsyncState<T> {
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
  }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const refresh = useCallback(() => setTick(t => t + 1), []);

  useEffect(() => {
    setState({ loading: true });
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const controller = new AbortController();
    loadRef.current(controller.signal).then(
      value => {
        if (!controller.signal.aborted) setState({ value, loading: false });
      },
      error => {
        if (!controller.signal.aborted) {
          setState(s => ({ value: s.value, error, loading: false }));
        }
      },
    );
    return () => controller.abort();
  }, [...deps, tick]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (!intervalMs) return undefined;
    const id = setInterval(() => {
      if (
        typeof document === 'undefined' ||
        document.visibilityState !== 'hidden'
      ) {
        refresh();
      }
    }, intervalMs);
    return () => clearInterval(id);
  }, [intervalMs, refresh]);

  return { ...state, refresh };
}
