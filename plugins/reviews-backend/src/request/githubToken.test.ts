import { parseGithubToken } from './githubToken';

describe('the x-github-token header', () => {
  it('is the token when printable, and none when absent or empty', () => {
    expect(parseGithubToken('gho_abc123')).toBe('gho_abc123');
    expect(parseGithubToken(undefined)).toBeUndefined();
    expect(parseGithubToken('')).toBeUndefined();
  });

  it('refuses spaces, control characters and over-long values as input errors', () => {
    for (const bad of ['gho abc', 'gho\tabc', 'gho\u00e9', 'x'.repeat(1025)]) {
      expect(() => parseGithubToken(bad)).toThrow(
        expect.objectContaining({ name: 'InputError' }),
      );
    }
  });
});
