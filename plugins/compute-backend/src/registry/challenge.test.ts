import { parseAuthenticateHeader } from './challenge';

describe('parseAuthenticateHeader', () => {
  it('parses a registry Bearer challenge', () => {
    expect(
      parseAuthenticateHeader(
        'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:team/app:pull"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.example/token',
          service: 'registry.example',
          scope: 'repository:team/app:pull',
        },
      },
    ]);
  });

  it('parses several challenges, token values, escapes and odd spacing', () => {
    expect(
      parseAuthenticateHeader(
        'Basic realm="Registry \\"Realm\\"" , BEARER Realm = "http://a/t", error=insufficient_scope',
      ),
    ).toEqual([
      { scheme: 'basic', params: { realm: 'Registry "Realm"' } },
      {
        scheme: 'bearer',
        params: { realm: 'http://a/t', error: 'insufficient_scope' },
      },
    ]);
  });

  it('returns what it parsed before malformed input, and nothing for empty headers', () => {
    expect(parseAuthenticateHeader(undefined)).toEqual([]);
    expect(parseAuthenticateHeader('')).toEqual([]);
    expect(parseAuthenticateHeader('Bearer realm="unterminated')).toEqual([
      { scheme: 'bearer', params: {} },
    ]);
  });
});
