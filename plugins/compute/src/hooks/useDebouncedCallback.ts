import { useCallback, useEffect, useRef } from 'react';

/**
 * A stable callback that runs `fn` once, `ms` after the last of a burst of calls, and never after unmount.
 * Hand-written (a dozen lines) rather than react-use's `useDebounce`, which runs on a change of dependencies,
 * not on calls.
 */
export function useDebouncedCallback(fn: () => void, ms: number): () => void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => fnRef.current(), ms);
  }, [ms]);
}
