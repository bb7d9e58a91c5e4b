import type { Config } from '@backstage/config';
import { InputError, NotAllowedError, ResponseError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';

/** A repository on GitHub or GitLab, from the `remoteUrl` that `publish:github` / `publish:gitlab` output. */
interface RemoteRepository {
  host: string;
  /** owner/repo on GitHub; group/…/project on GitLab. */
  path: string;
}

function parseRemoteUrl(remoteUrl: string): RemoteRepository {
  let url: URL;
  try {
    url = new URL(remoteUrl);
  } catch {
    throw new InputError(`${remoteUrl} is not a repository URL`);
  }
  const path = url.pathname.replace(/^\/+/, '').replace(/(\.git)?\/*$/, '');
  if (!path.includes('/')) {
    throw new InputError(`${remoteUrl} names no owner and repository`);
  }
  return { host: url.host, path };
}

/**
 * Deletes a repository that a failed run published to GitHub or GitLab (Backstage's `publish:github` /
 * `publish:gitlab`), through the integration the publish step used (`integrations.github` / `.gitlab`). GitHub
 * credentials come from Backstage's `DefaultGithubCredentialsProvider`, so a GitHub App installation works as
 * well as a token. The credentials must be allowed to delete repositories: the `delete_repo` scope or the
 * Administration permission on GitHub, the Owner or Maintainer role (per the group's settings) on GitLab.
 */
export class ScmRepositories {
  static fromConfig(config: Config): ScmRepositories {
    const integrations = ScmIntegrations.fromConfig(config);
    return new ScmRepositories(
      integrations,
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    );
  }

  constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly github: GithubCredentialsProvider,
  ) {}

  /** Deletes it; says what was done, or that it was already gone. */
  async delete(remoteUrl: string): Promise<string> {
    const repo = parseRemoteUrl(remoteUrl);
    const github = this.integrations.github.byHost(repo.host);
    if (github) return this.deleteOnGithub(repo, github.config.apiBaseUrl);
    const gitlab = this.integrations.gitlab.byHost(repo.host);
    if (gitlab) {
      return this.deleteOnGitlab(
        repo,
        gitlab.config.apiBaseUrl,
        gitlab.config.token,
      );
    }
    throw new InputError(
      `no GitHub or GitLab integration for ${repo.host}: cannot delete ${remoteUrl}`,
    );
  }

  private async deleteOnGithub(
    repo: RemoteRepository,
    apiBaseUrl: string | undefined,
  ): Promise<string> {
    if (!apiBaseUrl) {
      throw new InputError(
        `the GitHub integration for ${repo.host} has no apiBaseUrl`,
      );
    }
    const { headers } = await this.github.getCredentials({
      url: `https://${repo.host}/${repo.path}`,
    });
    const res = await fetch(`${apiBaseUrl}/repos/${repo.path}`, {
      method: 'DELETE',
      headers: { ...headers, accept: 'application/vnd.github+json' },
    });
    return this.outcome(res, `GitHub repository ${repo.host}/${repo.path}`);
  }

  private async deleteOnGitlab(
    repo: RemoteRepository,
    apiBaseUrl: string,
    token: string | undefined,
  ): Promise<string> {
    const res = await fetch(
      `${apiBaseUrl}/projects/${encodeURIComponent(repo.path)}`,
      {
        method: 'DELETE',
        headers: token ? { 'private-token': token } : {},
      },
    );
    return this.outcome(res, `GitLab project ${repo.host}/${repo.path}`);
  }

  private async outcome(res: Response, what: string): Promise<string> {
    // GitHub answers 204; GitLab 202 (the project is deleted, or marked for deletion, by a background job).
    if (res.status === 204 || res.status === 202 || res.ok) {
      return `${what} deleted`;
    }
    if (res.status === 404) return `${what} was already gone`;
    if (res.status === 401 || res.status === 403) {
      throw new NotAllowedError(
        `${what} was not deleted: the integration's credentials may not delete repositories (${res.status})`,
      );
    }
    throw await ResponseError.fromResponse(res);
  }
}
