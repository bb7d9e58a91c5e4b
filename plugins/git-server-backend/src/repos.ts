import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';

const run = promisify(execFile);

/** A repository name: lowercase words joined by dashes, as catalog names and App names are. */
export const REPO_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A branch or tag name, without `..` or a leading dash (never an option to git). */
const REF = /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,200}$/;

export function checkRepoName(name: string): string {
  if (!REPO_NAME.test(name) || name.length > 63) {
    throw new InputError(
      `Repository name must be lowercase words joined by dashes (at most 63 characters), got '${name}'`,
    );
  }
  return name;
}

/** The bare repositories under one folder, each `<name>.git`, made and read with the `git` binary. */
export class BareRepositories {
  constructor(readonly root: string) {}

  dirOf(name: string) {
    return join(this.root, `${checkRepoName(name)}.git`);
  }

  exists(name: string) {
    return existsSync(this.dirOf(name));
  }

  async list(): Promise<string[]> {
    await mkdir(this.root, { recursive: true });
    return (await readdir(this.root))
      .filter(f => f.endsWith('.git'))
      .map(f => f.slice(0, -4))
      .sort();
  }

  /** `git init --bare` with `main` as the default branch, open to pushes over HTTP (http.receivepack). */
  async create(name: string, defaultBranch = 'main') {
    if (!REF.test(defaultBranch)) {
      throw new InputError(`Invalid default branch '${defaultBranch}'`);
    }
    const dir = this.dirOf(name);
    if (existsSync(dir)) {
      throw new ConflictError(`Repository ${name} already exists`);
    }
    await mkdir(this.root, { recursive: true });
    await run('git', ['init', '--quiet', '--bare', dir]);
    await run('git', [
      '--git-dir',
      dir,
      'symbolic-ref',
      'HEAD',
      `refs/heads/${defaultBranch}`,
    ]);
    await run('git', ['--git-dir', dir, 'config', 'http.receivepack', 'true']);
  }

  async delete(name: string) {
    const dir = this.dirOf(name);
    if (!existsSync(dir)) {
      throw new NotFoundError(`No repository ${name}`);
    }
    await rm(dir, { recursive: true, force: true });
  }

  /** A file's content at a branch, tag or commit (`git cat-file blob <ref>:<path>`). */
  async readFile(name: string, ref: string, path: string): Promise<Buffer> {
    const dir = this.dirOf(name);
    if (!existsSync(dir)) {
      throw new NotFoundError(`No repository ${name}`);
    }
    if (!REF.test(ref)) {
      throw new InputError(`Invalid ref '${ref}'`);
    }
    const clean = path.replace(/^\/+/, '');
    if (!clean || clean.split('/').some(p => p === '..' || p === '')) {
      throw new InputError(`Invalid path '${path}'`);
    }
    try {
      const { stdout } = await run(
        'git',
        ['--git-dir', dir, 'cat-file', 'blob', `${ref}:${clean}`],
        { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
      );
      return stdout;
    } catch {
      throw new NotFoundError(`No file ${clean} at ${ref} in ${name}`);
    }
  }
}
