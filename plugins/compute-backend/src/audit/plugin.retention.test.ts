import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { computePlugin } from '../plugin';
import { AUDIT_RETENTION_TASK_ID } from './retention';

/** The compute plugin in Backstage's test backend (in-memory SQLite, no clusters), its scheduler a mock. */
describe('compute plugin: audit retention', () => {
  const start = (config: object) => {
    const scheduler = mockServices.scheduler.mock();
    const backend = startTestBackend({
      features: [
        computePlugin,
        mockServices.rootConfig.factory({ data: config }),
        scheduler.factory,
        catalogServiceMock.factory(),
        createServiceFactory({
          service: signalsServiceRef,
          deps: {},
          factory: () => ({ publish: async () => {} }),
        }),
      ],
    });
    return { scheduler, backend };
  };

  it('registers the daily prune of compute_audit once across replicas', async () => {
    const { scheduler, backend } = start({});
    await (await backend).stop();
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: AUDIT_RETENTION_TASK_ID,
        scope: 'global',
      }),
    );
  });

  it('does not start with a retention outside its bounds', async () => {
    const { backend } = start({ compute: { audit: { retentionDays: 7 } } });
    await expect(backend).rejects.toThrow(
      /compute\.audit\.retentionDays must be a whole number of days from 30 to 3650, got 7/,
    );
  });
});
