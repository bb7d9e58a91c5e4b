import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { PlaceholderProcessor } from '@backstage/plugin-catalog-backend';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  jsonPlaceholderResolver,
  textPlaceholderResolver,
  yamlPlaceholderResolver,
} from './index';

type Entity = Parameters<PlaceholderProcessor['preProcessEntity']>[0];

/**
 * The resolvers inside Backstage's own PlaceholderProcessor, with the real URL reader and integrations that the
 * catalog gives it, against a loopback server: what backend.reading.allow admits is read, the rest refused.
 */
describe('placeholders through the URL reader', () => {
  const root = mkdtempSync(join(tmpdir(), 'atrium-url-reader-'));
  mkdirSync(join(root, 'specs'));
  writeFileSync(join(root, 'specs', 'local.yaml'), 'openapi: 3.0.3\n');
  const catalogFile = join(root, 'catalog-info.yaml');
  const served: Record<string, string> = {
    '/specs/api.yaml': 'openapi: 3.1.0\ninfo: { title: remote }\n',
    '/data/tags.json': '["a", "b"]',
    '/data/owner.yaml': 'name: team-remote\n',
    '/data/two.yaml': 'a: 1\n---\nb: 2\n',
    '/repo/catalog/specs/relative.yaml': 'relative: true\n',
  };
  const requests: string[] = [];
  let server: Server;
  let allowed: string;
  let refused: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const body = served[req.url ?? ''];
      res.writeHead(body === undefined ? 404 : 200).end(body ?? 'not found');
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    // Two names for one loopback server: only 127.0.0.1 is in backend.reading.allow.
    allowed = `http://127.0.0.1:${port}`;
    refused = `http://localhost:${port}`;
  });
  afterAll(async () => {
    await new Promise(r => server.close(r));
  });

  const processor = () => {
    const config = new ConfigReader({
      backend: { reading: { allow: [{ host: new URL(allowed).host }] } },
    });
    return new PlaceholderProcessor({
      resolvers: {
        text: textPlaceholderResolver,
        json: jsonPlaceholderResolver,
        yaml: yamlPlaceholderResolver,
      },
      reader: UrlReaders.default({
        config,
        logger: mockServices.logger.mock(),
      }),
      integrations: ScmIntegrations.fromConfig(config),
    });
  };

  const component = (spec: Entity['spec']): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'x' },
    spec,
  });

  it('reads absolute URLs of a file location through the URL reader, and relative paths beside the file', async () => {
    const emit = jest.fn();
    const entity = await processor().preProcessEntity(
      component({
        definition: { $text: `${allowed}/specs/api.yaml` },
        tags: { $json: `${allowed}/data/tags.json` },
        owner: { $yaml: `${allowed}/data/owner.yaml` },
        local: { $text: './specs/local.yaml' },
        localData: { $yaml: './specs/local.yaml' },
      }),
      { type: 'file', target: catalogFile },
      emit,
    );
    expect(entity.spec).toEqual({
      definition: 'openapi: 3.1.0\ninfo: { title: remote }\n',
      tags: ['a', 'b'],
      owner: { name: 'team-remote' },
      local: 'openapi: 3.0.3\n',
      localData: { openapi: '3.0.3' },
    });
    const keys = emit.mock.calls.map(([r]) => r.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        `url:${allowed}/specs/api.yaml`,
        `url:${allowed}/data/tags.json`,
        `file:${join(root, 'specs', 'local.yaml')}`,
      ]),
    );
  });

  it('resolves relative values of a URL location against it, as stock does', async () => {
    const entity = await processor().preProcessEntity(
      component({ definition: { $yaml: './specs/relative.yaml' } }),
      { type: 'url', target: `${allowed}/repo/catalog/catalog-info.yaml` },
      jest.fn(),
    );
    expect(entity.spec?.definition).toEqual({ relative: true });
  });

  it('fails the entity clearly on a URL backend.reading.allow refuses, without asking the host', async () => {
    const before = requests.length;
    for (const key of ['$text', '$json', '$yaml']) {
      await expect(
        processor().preProcessEntity(
          component({ definition: { [key]: `${refused}/specs/api.yaml` } }),
          { type: 'file', target: catalogFile },
          jest.fn(),
        ),
      ).rejects.toThrow(
        new RegExp(
          `Placeholder \\${key} could not read ${refused}/specs/api.yaml.*backend\\.reading\\.allow`,
        ),
      );
    }
    expect(requests.length).toBe(before);
    // The same processor still reads what is allowed: one refused entity costs nothing else.
    const ok = await processor().preProcessEntity(
      component({ definition: { $text: `${allowed}/specs/api.yaml` } }),
      { type: 'file', target: catalogFile },
      jest.fn(),
    );
    expect(ok.spec?.definition).toMatch(/remote/);
  });

  it('names the URL on a failed read and on data that does not parse', async () => {
    const at = { type: 'file', target: catalogFile };
    await expect(
      processor().preProcessEntity(
        component({ d: { $text: `${allowed}/missing.yaml` } }),
        at,
        jest.fn(),
      ),
    ).rejects.toThrow(/could not read .*missing\.yaml.*NotFoundError/);
    await expect(
      processor().preProcessEntity(
        component({ d: { $json: `${allowed}/specs/api.yaml` } }),
        at,
        jest.fn(),
      ),
    ).rejects.toThrow(/failed to parse JSON/);
    await expect(
      processor().preProcessEntity(
        component({ d: { $yaml: `${allowed}/data/two.yaml` } }),
        at,
        jest.fn(),
      ),
    ).rejects.toThrow(/exactly one YAML document.*found 2/);
  });

  it('refuses other schemes and escaping paths in file locations', async () => {
    const at = { type: 'file', target: catalogFile };
    for (const value of ['file:///etc/passwd', 'ftp://host/x', '../x.yaml']) {
      await expect(
        processor().preProcessEntity(
          component({ d: { $text: value } }),
          at,
          jest.fn(),
        ),
      ).rejects.toThrow(/relative to|points outside/);
    }
  });

  it("keeps stock's same-repository rule for git URL locations", async () => {
    await expect(
      processor().preProcessEntity(
        component({
          d: { $text: 'https://github.com/o/secret/blob/main/x.yaml' },
        }),
        {
          type: 'url',
          target: 'https://github.com/o/r/blob/main/catalog-info.yaml',
        },
        jest.fn(),
      ),
    ).rejects.toThrow(/not in the repository/);
  });
});
