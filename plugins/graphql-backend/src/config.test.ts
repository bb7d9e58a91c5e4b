import { ConfigReader } from '@backstage/config';
import { catalogListCursorSecret, readGatewayConfig } from './config';
import { CursorCodec } from './schema/catalogList/cursor';

describe('the catalog list cursor secret', () => {
  const binding = CursorCodec.binding({ user: 'user:default/a' });
  const codecFor = (config: object) =>
    new CursorCodec(
      readGatewayConfig(new ConfigReader(config)).catalogList.cursorSecret,
    );

  it('is shared by replicas that share the session secret, without a setting of its own', () => {
    const replica = { auth: { session: { secret: 'shared-session' } } };
    const cursor = codecFor(replica).seal({ p: 'a', c: 'x' }, binding);
    expect(codecFor(replica).open(cursor, binding)).toEqual({ p: 'a', c: 'x' });
    expect(() =>
      codecFor({ auth: { session: { secret: 'another' } } }).open(
        cursor,
        binding,
      ),
    ).toThrow(/not a cursor this gateway issued/);
    // Derived, not the session secret itself.
    expect(catalogListCursorSecret(new ConfigReader(replica))).not.toContain(
      'shared-session',
    );
  });

  it('is graphql.catalogList.cursorSecret when set', () => {
    expect(
      catalogListCursorSecret(
        new ConfigReader({
          graphql: { catalogList: { cursorSecret: 'own' } },
          auth: { session: { secret: 'x' } },
        }),
      ),
    ).toBe('own');
  });

  it('refuses to be random per process in production, and is in development', () => {
    expect(() =>
      catalogListCursorSecret(
        new ConfigReader({ auth: { environment: 'production' } }),
      ),
    ).toThrow(/cursorSecret or auth.session.secret/);
    expect(catalogListCursorSecret(new ConfigReader({}))).toBeUndefined();
  });
});
