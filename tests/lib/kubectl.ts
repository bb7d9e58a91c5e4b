import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** /usr/bin/kubectl (1.32 on this machine), else the first kubectl on the PATH (Debian's kubernetes-client). */
function findKubectl(): string | undefined {
  const candidates = [
    '/usr/bin/kubectl',
    ...(process.env.PATH ?? '').split(delimiter).map(d => join(d, 'kubectl')),
  ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/** The kubectl the suites run, or undefined when there is none. */
export const KUBECTL = findKubectl();

/** What `kubectl version --client -o json` says of the client and its embedded kustomize; throws if it fails. */
export function kubectlClientVersion(timeoutMs: number): {
  clientVersion: { major: string; minor: string };
  kustomizeVersion?: string;
} {
  const out = execFileSync(KUBECTL!, ['version', '--client', '-o', 'json'], {
    timeout: timeoutMs,
    encoding: 'utf8',
  });
  return JSON.parse(out);
}
