import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

export interface GitServerRepo {
  name: string;
  cloneUrl: string;
  repoContentsUrl: string;
}

/** The embedded git server's repository API (plugins/git-server-backend), called with the scaffolder's own service token. */
export class GitServerClient {
  constructor(
    private readonly auth: AuthService,
    private readonly discovery: DiscoveryService,
  ) {}

  /** A token of the scaffolder itself for the git server: repository management and the push's password. */
  async token(): Promise<string> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'git-server',
    });
    return token;
  }

  /** The URLs a repository of that name has, without asking the server (dry runs). */
  async describe(name: string): Promise<GitServerRepo> {
    const base = await this.discovery.getExternalBaseUrl('git-server');
    return {
      name,
      cloneUrl: `${base}/repos/${name}.git`,
      repoContentsUrl: `${base}/raw/${name}/main`,
    };
  }

  async create(name: string): Promise<GitServerRepo> {
    const res = await fetch(
      `${await this.discovery.getBaseUrl('git-server')}/repos`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${await this.token()}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ name, defaultBranch: 'main' }),
      },
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as GitServerRepo;
  }

  /** Deletes a repository; false when it was not there. */
  async delete(name: string): Promise<boolean> {
    const res = await fetch(
      `${await this.discovery.getBaseUrl(
        'git-server',
      )}/repos/${encodeURIComponent(name)}`,
      {
        method: 'DELETE',
        headers: { authorization: `Bearer ${await this.token()}` },
      },
    );
    if (res.status === 404) return false;
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return true;
  }
}
