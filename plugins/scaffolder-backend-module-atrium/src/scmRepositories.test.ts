import { ConfigReader } from '@backstage/config';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScmRepositories } from './scmRepositories';

/**
 * A mock of GitHub's and GitLab's REST APIs on loopback (neither can run here): it records each request and
 * answers DELETE as the real ones do: 204 from GitHub, 202 from GitLab, 404 for what does not exist, 403 for a
 * token that may not delete.
 */
async function startMockScmApis() {
  const requests: Array<{ method: string; url: string; headers: any }> = [];
  const existing = new Set([
    '/github/api/v3/repos/acme/ledger-reports',
    '/gitlab/api/v4/projects/platform%2Fpayments%2Fledger-reports',
  ]);
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method!, url: req.url!, headers: req.headers });
    const token = String(
      req.headers.authorization ?? req.headers['private-token'] ?? '',
    );
    if (token.includes('read-only')) {
      res.writeHead(403).end('{"message":"Must have admin rights"}');
    } else if (req.method === 'DELETE' && existing.delete(req.url!)) {
      res.writeHead(req.url!.startsWith('/github') ? 204 : 202).end();
    } else {
      res.writeHead(404).end('{"message":"Not Found"}');
    }
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base, requests };
}

describe('ScmRepositories (against a mock of the GitHub and GitLab APIs)', () => {
  let mock: Awaited<ReturnType<typeof startMockScmApis>>;
  beforeAll(async () => {
    mock = await startMockScmApis();
  });
  afterAll(() => mock.server.close());
  beforeEach(() => {
    mock.requests.length = 0;
  });

  const scm = (
    githubToken = 'ghp-scaffolder',
    gitlabToken = 'glpat-scaffolder',
  ) =>
    ScmRepositories.fromConfig(
      new ConfigReader({
        integrations: {
          github: [
            {
              host: 'github.example.com',
              apiBaseUrl: `${mock.base}/github/api/v3`,
              token: githubToken,
            },
          ],
          gitlab: [
            {
              host: 'gitlab.example.com',
              apiBaseUrl: `${mock.base}/gitlab/api/v4`,
              token: gitlabToken,
            },
          ],
        },
      }),
    );

  it('deletes a GitHub repository through the integration, with its credentials', async () => {
    await expect(
      scm().delete('https://github.example.com/acme/ledger-reports.git'),
    ).resolves.toBe(
      'GitHub repository github.example.com/acme/ledger-reports deleted',
    );
    expect(mock.requests).toHaveLength(1);
    expect(mock.requests[0]).toMatchObject({
      method: 'DELETE',
      url: '/github/api/v3/repos/acme/ledger-reports',
    });
    expect(mock.requests[0].headers.authorization).toMatch(/ghp-scaffolder/);
  });

  it('deletes a GitLab project in a subgroup, by its encoded path, with the token', async () => {
    await expect(
      scm().delete(
        'https://gitlab.example.com/platform/payments/ledger-reports.git',
      ),
    ).resolves.toBe(
      'GitLab project gitlab.example.com/platform/payments/ledger-reports deleted',
    );
    expect(mock.requests[0]).toMatchObject({
      method: 'DELETE',
      url: '/gitlab/api/v4/projects/platform%2Fpayments%2Fledger-reports',
    });
    expect(mock.requests[0].headers['private-token']).toBe('glpat-scaffolder');
  });

  it('says a repository that is already gone is gone', async () => {
    await expect(
      scm().delete('https://github.example.com/acme/never-made'),
    ).resolves.toBe(
      'GitHub repository github.example.com/acme/never-made was already gone',
    );
  });

  it('refuses clearly when the credentials may not delete repositories', async () => {
    await expect(
      scm('ghp-read-only').delete(
        'https://github.example.com/acme/ledger-reports',
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/may not delete repositories \(403\)/),
    });
  });

  it('refuses a host with no integration, and a URL that names no repository, without a request', async () => {
    await expect(
      scm().delete('https://bitbucket.example.com/acme/ledger-reports'),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        /no GitHub or GitLab integration for bitbucket.example.com/,
      ),
    });
    await expect(
      scm().delete('https://github.example.com/'),
    ).rejects.toMatchObject({
      name: 'InputError',
    });
    await expect(scm().delete('not a url')).rejects.toMatchObject({
      name: 'InputError',
    });
    expect(mock.requests).toHaveLength(0);
  });
});
