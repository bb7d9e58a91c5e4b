/** For the actions' tests: a logger that keeps every info, warn and error message in `logs`, in order. */
export function recordingLogger(logs: string[]) {
  const logger = {
    info: (m: string) => logs.push(m),
    error: (m: string) => logs.push(m),
    warn: (m: string) => logs.push(m),
    debug: () => {},
    child: () => logger,
  };
  return logger;
}
