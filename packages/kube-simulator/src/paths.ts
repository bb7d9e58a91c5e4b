import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';

/** This package's folder, wherever it is installed (undefined if it cannot be resolved). */
function packageDir(): string | undefined {
  try {
    return resolvePackagePath('@atrium/kube-simulator');
  } catch {
    return undefined;
  }
}

/** The monorepo root: the nearest folder up from `start` that has `backstage.json`. */
export function findRepoRoot(
  start: string = process.cwd(),
): string | undefined {
  for (const from of [start, packageDir()]) {
    if (!from) continue;
    let dir = path.resolve(from);
    for (let i = 0; i < 20; i++) {
      if (fs.existsSync(path.join(dir, 'backstage.json'))) return dir;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return undefined;
}

/**
 * Resolves a configured path: absolute paths pass through; a relative path that exists relative to the working
 * directory is taken from there (e.g. `../../demo/…` from `packages/backend`), otherwise from the repo root.
 */
export function resolveFromRoot(file: string): string {
  if (path.isAbsolute(file)) return file;
  const fromCwd = path.resolve(file);
  if (fs.existsSync(fromCwd)) return fromCwd;
  const root = findRepoRoot();
  return path.resolve(root ?? process.cwd(), file);
}

/** `deploy/crds` of the repo. */
export const defaultCrdsDir = () => resolveFromRoot('deploy/crds');

/**
 * Where the simulator keeps its CA when not told: `$ATRIUM_DATA_DIR/kube-simulator`, else `data/kube-simulator`
 * of the repo (the data folder scripts/start.sh uses).
 */
export const defaultDataDir = () =>
  process.env.ATRIUM_DATA_DIR
    ? path.resolve(process.env.ATRIUM_DATA_DIR, 'kube-simulator')
    : path.resolve(findRepoRoot() ?? process.cwd(), 'data', 'kube-simulator');
