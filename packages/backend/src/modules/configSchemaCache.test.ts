import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import * as configLoader from '@backstage/config-loader';
import { configSchemaKey, loadCachedConfigSchema } from './configSchemaCache';

// Collecting a schema compiles each package's config.d.ts with TypeScript, resolving the packages from
// node_modules; the fixture's package is not installed, so collecting is played by a stand-in that reads the
// fixture's config.d.ts and marks `demo.token` secret when it says so. Rehydrating (`serialized`) is the real one.
let fixtureSchemaFile = '';
jest.mock('@backstage/config-loader', () => {
  const actual = jest.requireActual('@backstage/config-loader');
  const fs = jest.requireActual('node:fs');
  return {
    ...actual,
    loadConfigSchema: jest.fn(async (options: any) => {
      if ('serialized' in options) return actual.loadConfigSchema(options);
      const secret = fs
        .readFileSync(fixtureSchemaFile, 'utf8')
        .includes('@visibility secret');
      return actual.loadConfigSchema({
        serialized: {
          backstageConfigSchemaVersion: 1,
          schemas: [
            {
              packageName: 'demo',
              value: {
                type: 'object',
                properties: {
                  demo: {
                    type: 'object',
                    properties: {
                      token: {
                        type: 'string',
                        ...(secret ? { visibility: 'secret' } : {}),
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      });
    }),
  };
});

/** A logger whose warnings the test reads. */
const mockLogger = () => {
  const logger = {
    error: jest.fn(),
    warn: jest.fn(),
    info: jest.fn(),
    debug: jest.fn(),
    child: () => logger,
  };
  return logger as typeof logger & LoggerService;
};

/** A monorepo of one package whose config.d.ts marks `demo.token` secret. */
function monorepo(dir: string) {
  writeFileSync(join(dir, 'yarn.lock'), '# lock\n');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }),
  );
  const pkg = join(dir, 'packages', 'demo');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'demo',
      version: '1.0.0',
      configSchema: 'config.d.ts',
    }),
  );
  writeFileSync(
    join(pkg, 'config.d.ts'),
    'export interface Config { demo?: { /** @visibility secret */ token?: string } }\n',
  );
  fixtureSchemaFile = join(pkg, 'config.d.ts');
  return pkg;
}

const secretsOf = (schema: configLoader.ConfigSchema) =>
  schema.process([{ data: { demo: { token: 's3cret' } }, context: 'test' }], {
    visibility: ['secret'],
    ignoreSchemaErrors: true,
  })[0].data;

describe('the config schema kept between starts', () => {
  let root: string;
  let cacheDir: string;
  const collect = jest.mocked(configLoader.loadConfigSchema);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'atrium-schema-'));
    cacheDir = join(root, '.cache');
    collect.mockClear();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('collects the schema once, then serves the same secrets from the cache', async () => {
    const dir = monorepo(root);
    const logger = mockLogger();
    const first = await loadCachedConfigSchema({ logger, dir, cacheDir });
    expect(secretsOf(first)).toEqual({ demo: { token: 's3cret' } });
    expect(readdirSync(cacheDir)).toEqual([
      `config-schema-${configSchemaKey(root)}.json`,
    ]);
    const collected = collect.mock.calls.filter(
      ([options]) => !('serialized' in options),
    ).length;
    expect(collected).toBe(1);

    const second = await loadCachedConfigSchema({ logger, dir, cacheDir });
    expect(secretsOf(second)).toEqual({ demo: { token: 's3cret' } });
    expect(
      collect.mock.calls.filter(([options]) => !('serialized' in options)),
    ).toHaveLength(1);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('keys the cache by the lockfile and the schema files: a changed config.d.ts is collected again', async () => {
    const dir = monorepo(root);
    const before = configSchemaKey(root);
    writeFileSync(
      join(dir, 'config.d.ts'),
      'export interface Config { demo?: { token?: string } }\n',
    );
    expect(configSchemaKey(root)).not.toBe(before);
    const schema = await loadCachedConfigSchema({
      logger: mockLogger(),
      dir,
      cacheDir,
    });
    // No longer secret.
    expect(secretsOf(schema)).toEqual({});
  });

  it('collects anew, with a warning, when the cached file is unreadable', async () => {
    const dir = monorepo(root);
    mkdirSync(cacheDir);
    writeFileSync(
      join(cacheDir, `config-schema-${configSchemaKey(root)}.json`),
      '{not json',
    );
    const logger = mockLogger();
    const schema = await loadCachedConfigSchema({ logger, dir, cacheDir });
    expect(secretsOf(schema)).toEqual({ demo: { token: 's3cret' } });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('unreadable'),
    );
  });

  it('without a cache folder, collects every time as Backstage does', async () => {
    const dir = monorepo(root);
    const logger = mockLogger();
    await loadCachedConfigSchema({ logger, dir, cacheDir: '' });
    await loadCachedConfigSchema({ logger, dir, cacheDir: '' });
    expect(collect).toHaveBeenCalledTimes(2);
  });
});
