import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './proc.ts';

/**
 * Debian's buildah with storage of its own (vfs, in a temporary folder), so a test builds and runs images without
 * touching the machine's containers, and removes everything it made by removing that folder.
 */
export interface Buildah {
  /** The storage folder; containers' root filesystems live under it. */
  dir: string;
  /** Runs `buildah <args>` with this storage, failing after `timeoutMs`. */
  exec(args: string[], timeoutMs: number): Promise<string>;
  /** The buildah arguments that select this storage, for a long-running `buildah run`. */
  storageArgs: string[];
  /** Removes every container and image, then the storage folder. */
  destroy(): Promise<void>;
}

export function createBuildah(): Buildah {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-buildah-'));
  // 0755 as the system's storage folder is (mkdtemp makes it 0700).
  chmodSync(dir, 0o755);
  const storageArgs = [
    '--root',
    join(dir, 'root'),
    '--runroot',
    join(dir, 'run'),
    '--storage-driver',
    'vfs',
  ];
  const exec = (args: string[], timeoutMs: number) =>
    run('timeout', [
      '--kill-after=10',
      String(Math.ceil(timeoutMs / 1000)),
      'buildah',
      ...storageArgs,
      ...args,
    ]);
  return {
    dir,
    exec,
    storageArgs,
    destroy: async () => {
      await exec(['rm', '--all'], 120_000).catch(() => undefined);
      await exec(['rmi', '--all', '--force'], 120_000).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Imports a root filesystem tar as an image named `name`, with Node's image's PATH. */
export async function importBase(
  buildah: Buildah,
  tar: string,
  name: string,
): Promise<void> {
  const container = (await buildah.exec(['from', 'scratch'], 60_000)).trim();
  await buildah.exec(['add', container, tar, '/'], 300_000);
  await buildah.exec(
    [
      'config',
      '--env',
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      '--cmd',
      'node',
      container,
    ],
    60_000,
  );
  await buildah.exec(['commit', '--rm', '--quiet', container, name], 300_000);
}

/** A process's command line and real uid, from /proc. */
export function processInfo(pid: number): { argv: string[]; uid: number } {
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    .split('\0')
    .filter(Boolean);
  const uidLine = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find(line => line.startsWith('Uid:'));
  return { argv, uid: Number(uidLine?.split(/\s+/)[1]) };
}
