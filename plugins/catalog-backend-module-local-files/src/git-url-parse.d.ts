// git-url-parse (the parser Backstage's catalog and integrations use) ships no types; only what
// sameRepository.ts reads.
declare module 'git-url-parse' {
  function parseGitUrl(url: string): {
    resource: string;
    owner: string;
    name: string;
    filepath: string;
    full_name: string;
  };
  export default parseGitUrl;
}
