export interface Config {
  /**
   * Atrium's pull request reviews on Home: the pull requests awaiting the user's review and their own open ones,
   * from GitHub's REST API. GitHub itself (its API base URL, and a token or GitHub App) is Backstage's `integrations.github`.
   */
  reviews?: {
    github?: {
      /**
       * Which `integrations.github` entry to ask, by its host: `github.com` (the default) or a GitHub Enterprise
       * host, whose `apiBaseUrl` is `https://HOST/api/v3`.
       */
      host?: string;
      /**
       * The organization Atrium's GitHub App is installed on, when that `integrations.github` entry has `apps`
       * rather than a `token` (required then): its installation token searches the pull requests.
       */
      organization?: string;
      /** How long GitHub may take to answer one request, in milliseconds. Default 5000. */
      timeoutMs?: number;
      /** The most pull requests read per list (GitHub is asked for pages of up to 50, at most 3 pages). Default 100. */
      maxItems?: number;
      /** How long a user's answer is kept, in seconds, to spare GitHub's rate limit. Default 60. */
      cacheTtlSeconds?: number;
    };
  };
}
