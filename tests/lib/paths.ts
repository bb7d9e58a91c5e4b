import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Git-ignored folder for logs and screenshots that tests leave behind for a human to read. */
export function artifactDir(...parts: string[]): string {
  const dir = resolve(ROOT, 'artifacts', ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
