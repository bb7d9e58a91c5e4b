import { mockServices } from '@backstage/backend-test-utils';
import type { SchedulerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  LdapOrgEntityProvider,
  readProviderConfigs,
} from '@backstage/plugin-catalog-backend-module-ldap';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import {
  createLdapOrgTaskRunner,
  DEFAULT_LDAP_ORG_SCHEDULE,
  ldapOrgTaskId,
} from './schedule';

const provider = (extra: object = {}) => ({
  target: 'ldap://127.0.0.1:1',
  users: { dn: 'ou=people,dc=x' },
  groups: { dn: 'ou=groups,dc=x' },
  ...extra,
});

const logger = mockServices.logger.mock();

describe('createLdapOrgTaskRunner', () => {
  const scheduler = () =>
    ({
      scheduleTask: jest.fn(async () => {}),
    } as unknown as SchedulerService & {
      scheduleTask: jest.Mock;
    });

  it("schedules each of Backstage's providers with its configured schedule, or hourly", async () => {
    const config = new ConfigReader({
      catalog: {
        providers: {
          ldapOrg: {
            'with:colon': provider({
              schedule: {
                frequency: { seconds: 15 },
                timeout: { seconds: 10 },
              },
            }),
            plain: provider(),
          },
        },
      },
    });
    const s = scheduler();
    const providers = LdapOrgEntityProvider.fromConfig(config, {
      logger,
      schedule: createLdapOrgTaskRunner({
        scheduler: s,
        schedules: new Map(
          readProviderConfigs(config).map(p => [p.id, p.schedule]),
        ),
        logger,
      }),
    });
    expect(providers.map(p => p.getProviderName())).toEqual([
      'LdapOrgEntityProvider:with:colon',
      'LdapOrgEntityProvider:plain',
    ]);
    for (const p of providers) {
      await p.connect({} as EntityProviderConnection);
    }
    expect(s.scheduleTask).toHaveBeenCalledTimes(2);
    const [configured, defaulted] = s.scheduleTask.mock.calls.map(c => c[0]);
    expect(configured).toMatchObject({
      id: 'LdapOrgEntityProvider:with:colon:refresh',
      frequency: { seconds: 15 },
      timeout: { seconds: 10 },
    });
    expect(configured.fn).toEqual(expect.any(Function));
    expect(defaulted).toMatchObject({
      id: 'LdapOrgEntityProvider:plain:refresh',
      ...DEFAULT_LDAP_ORG_SCHEDULE,
    });
  });

  it('runs the task it was given: a failed read is logged by the provider, not thrown', async () => {
    const s = scheduler();
    const runner = createLdapOrgTaskRunner({
      scheduler: s,
      schedules: new Map([['a', undefined]]),
    });
    const fn = jest.fn();
    await runner.run({ id: ldapOrgTaskId('a'), fn });
    expect(s.scheduleTask).toHaveBeenCalledWith({
      ...DEFAULT_LDAP_ORG_SCHEDULE,
      id: 'LdapOrgEntityProvider:a:refresh',
      fn,
    });
  });

  it('falls back to the default, with a warning, for a task id it does not know', async () => {
    const s = scheduler();
    const warn = jest.fn();
    await createLdapOrgTaskRunner({
      scheduler: s,
      schedules: new Map(),
      logger: { ...logger, warn },
    }).run({ id: 'Something:else', fn: jest.fn() });
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/Unknown LDAP refresh task/),
    );
    expect(s.scheduleTask.mock.calls[0][0]).toMatchObject(
      DEFAULT_LDAP_ORG_SCHEDULE,
    );
  });

  it('is what the stock module lacks: Backstage refuses a provider without a schedule', () => {
    const config = new ConfigReader({
      catalog: { providers: { ldapOrg: { plain: provider() } } },
    });
    expect(() =>
      LdapOrgEntityProvider.fromConfig(config, {
        logger,
        scheduler: scheduler(),
      }),
    ).toThrow(/No schedule provided/);
  });
});
