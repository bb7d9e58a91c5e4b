import { ConfigReader } from '@backstage/config';
import { readApprovalsConfig } from './config';

describe('readApprovalsConfig', () => {
  it('is off without config, with every rule on once enabled and 24 hours to decide', () => {
    const none = readApprovalsConfig(new ConfigReader({}));
    expect(none).toMatchObject({
      enabled: false,
      expiresAfterMs: 24 * 3600_000,
      replicaShare: 0.5,
      rules: {
        reservedTier: true,
        criticalAlert: true,
        freezeWindows: true,
        replicaShare: true,
      },
      freezeWindows: [],
    });
  });

  it('takes durations as ISO 8601 or objects, "true" from an environment variable, and rules turned off', () => {
    const config = readApprovalsConfig(
      new ConfigReader({
        compute: {
          approvals: {
            enabled: 'true',
            expiresAfter: 'PT30S',
            expiryCheckInterval: { seconds: 2 },
            replicaShare: 0.25,
            rules: { freezeWindows: false },
          },
        },
      }),
    );
    expect(config).toMatchObject({
      enabled: true,
      expiresAfterMs: 30_000,
      expiryCheckInterval: { seconds: 2 },
      replicaShare: 0.25,
      rules: { freezeWindows: false, reservedTier: true },
    });
  });

  it('refuses a share that is not above 0 and a time to decide under a second', () => {
    const read = (approvals: object) => () =>
      readApprovalsConfig(new ConfigReader({ compute: { approvals } }));
    expect(read({ replicaShare: 0 })).toThrow(/replicaShare must be above 0/);
    expect(read({ expiresAfter: { milliseconds: 10 } })).toThrow(/1s or more/);
  });
});
