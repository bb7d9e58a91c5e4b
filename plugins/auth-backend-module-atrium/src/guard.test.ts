import { ConfigReader } from '@backstage/config';
import { assertSafeSignIn, unsafeProductionSignIn } from './guard';

describe('the production guard', () => {
  it('accepts anything outside production', () => {
    const config = new ConfigReader({
      auth: { environment: 'development', providers: { guest: {} } },
      atrium: { embeddedIdp: { enabled: true } },
    });
    expect(unsafeProductionSignIn(config)).toEqual([]);
  });

  it('names every unsafe setting in production', () => {
    const config = new ConfigReader({
      auth: { environment: 'production', providers: { guest: {} } },
      atrium: { embeddedIdp: { enabled: true } },
    });
    expect(unsafeProductionSignIn(config)).toHaveLength(2);
    expect(() => assertSafeSignIn(config)).toThrow(
      /refuses to start.*guest provider.*embedded demo identity provider.*auth\.providers\.oidc\.production/,
    );
  });

  it('accepts production with the embedded IdP disabled and no guest', () => {
    const config = new ConfigReader({
      auth: { environment: 'production', providers: { oidc: {} } },
      atrium: { embeddedIdp: { enabled: false } },
    });
    expect(() => assertSafeSignIn(config)).not.toThrow();
  });
});
