import { InputError } from '@backstage/errors';
import { ACTION_PLANS } from './actionPlans';

describe('ACTION_PLANS.deploy', () => {
  // The check route takes any object: a version String() cannot convert ({"toString": 1}) must be a 400, not a 500.
  it('refuses a version that is no tag, quoting it, even one String() cannot convert', async () => {
    const app = { metadata: { name: 'svc' }, spec: { version: '1.0.0' } };
    const change = ACTION_PLANS.deploy({
      resourceVersion: '1',
      version: { toString: 1 },
    }).change({ app, cluster: {}, registry: {} } as any);
    await expect(change).rejects.toThrow(InputError);
    await expect(change).rejects.toThrow(
      '"{\\"toString\\":1}" is not an image tag',
    );
  });
});
