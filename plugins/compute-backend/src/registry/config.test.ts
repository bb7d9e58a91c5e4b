import { ConfigReader } from '@backstage/config';
import { readRegistryConfig } from './config';
import { assertValidTag, parseImageReference } from './imageReference';

const read = (registries: unknown) =>
  readRegistryConfig(new ConfigReader({ compute: { registries } } as any));

describe('readRegistryConfig', () => {
  it('reads entries with defaults', () => {
    expect(
      read([
        { host: 'Registry.Larkspur.Example' },
        {
          host: '127.0.0.1:5000',
          url: 'http://127.0.0.1:5000/',
          auth: { type: 'basic', username: 'u', password: 'p' },
          timeoutMs: 1500,
        },
        { host: 'ghcr.io', auth: { type: 'bearer', token: 't' } },
      ]),
    ).toEqual([
      {
        host: 'registry.larkspur.example',
        url: 'https://registry.larkspur.example',
        auth: { type: 'none' },
        timeoutMs: 5000,
      },
      {
        host: '127.0.0.1:5000',
        url: 'http://127.0.0.1:5000',
        auth: { type: 'basic', username: 'u', password: 'p' },
        timeoutMs: 1500,
      },
      {
        host: 'ghcr.io',
        url: 'https://ghcr.io',
        auth: { type: 'bearer', token: 't' },
        timeoutMs: 5000,
      },
    ]);
    expect(readRegistryConfig(new ConfigReader({}))).toEqual([]);
  });

  it('rejects invalid entries', () => {
    expect(() => read([{ host: 'https://x.example' }])).toThrow(/host/);
    expect(() => read([{ host: 'x.example' }, { host: 'X.example' }])).toThrow(
      /Duplicate/,
    );
    expect(() => read([{ host: 'x.example', url: 'ftp://x' }])).toThrow(
      /http or https/,
    );
    expect(() => read([{ host: 'x.example', url: 'https://u:p@x' }])).toThrow(
      /credentials/,
    );
    expect(() =>
      read([{ host: 'x.example', auth: { type: 'oauth' } }]),
    ).toThrow(/auth.type/);
    expect(() =>
      read([{ host: 'x.example', auth: { type: 'basic', username: 'u' } }]),
    ).toThrow(/password/);
    expect(() => read([{ host: 'x.example', timeoutMs: 0 }])).toThrow(
      /timeoutMs/,
    );
  });
});

describe('parseImageReference', () => {
  it('splits host and repository name', () => {
    expect(parseImageReference('Registry.Larkspur.Example/team/app')).toEqual({
      host: 'registry.larkspur.example',
      name: 'team/app',
    });
    expect(parseImageReference('127.0.0.1:5000/a/b/c-d_e.f')).toEqual({
      host: '127.0.0.1:5000',
      name: 'a/b/c-d_e.f',
    });
  });

  it.each([
    '',
    'app',
    '/team/app',
    'host/team/app:1.0',
    'host/team/app@sha256:abc',
    'host/Team/app',
    'host/team//app',
    'host/team/../app',
    'ho st/app',
    'https://host/app',
  ])('rejects %j', image => {
    expect(() => parseImageReference(image)).toThrow(/Image reference/);
  });

  it('validates tags', () => {
    expect(() => assertValidTag('1.2.3-rc.1_x')).not.toThrow();
    for (const bad of ['', '.x', '-x', 'a/b', 'a:b', 'x'.repeat(129)]) {
      expect(() => assertValidTag(bad)).toThrow(/not a valid image tag/);
    }
  });
});
