import {
  spawn,
  type ChildProcess,
  type SpawnOptions,
} from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';

/** A free TCP port on loopback, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolvePort(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`.
 * Every wait in the tests goes through here, so each one is bounded in time.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  {
    timeoutMs = 60_000,
    intervalMs = 500,
    onTimeout,
  }: { timeoutMs?: number; intervalMs?: number; onTimeout?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await sleep(intervalMs);
  }
  const extra = onTimeout ? `\n${onTimeout()}` : '';
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what}${
      lastError ? ` (last error: ${lastError})` : ''
    }${extra}`,
  );
}

export interface RunningProcess {
  child: ChildProcess;
  logFile: string;
  /** The last lines of the process's output, for failure messages. */
  tail(lines?: number): string;
  /**
   * Everything this process has written so far. The log file is appended to (a suite run again, or a process
   * started again under its name, keeps what the earlier ones wrote), so a test reading the log reads this.
   */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Starts a long-running process with its output going to a log file. */
export function startProcess(
  command: string,
  args: string[],
  options: SpawnOptions & { logFile: string },
): RunningProcess {
  const { logFile, ...spawnOptions } = options;
  const startOffset = existsSync(logFile) ? statSync(logFile).size : 0;
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(command, args, {
    ...spawnOptions,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<number | null>(resolveExit =>
    child.once('exit', code => resolveExit(code)),
  );
  const tail = (lines = 40) => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };
  const output = () =>
    readFileSync(logFile).subarray(startOffset).toString('utf8');
  const stop = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const kill = (signal: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, signal); // the whole process group
      } catch {
        /* already gone */
      }
    };
    kill('SIGTERM');
    const timer = setTimeout(() => kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
    log.end();
  };
  return { child, logFile, tail, output, stop, exited };
}

/** Runs a command to completion, throwing with its output when it fails. */
export async function run(
  command: string,
  args: string[],
  options: SpawnOptions = {},
): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', d => (output += d));
    child.stderr?.on('data', d => (output += d));
    child.once('error', reject);
    child.once('exit', code =>
      code === 0
        ? resolveRun(output)
        : reject(
            new Error(
              `${command} ${args.join(' ')} exited ${code}:\n${output}`,
            ),
          ),
    );
  });
}
