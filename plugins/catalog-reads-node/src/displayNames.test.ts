import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { displayNamesOf, entityRefName } from './displayNames';

describe('displayNamesOf', () => {
  const catalog = catalogServiceMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'mei.chen', namespace: 'default' },
        spec: { profile: { displayName: 'Mei-Lin Chen' } },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: 'team-payments',
          namespace: 'default',
          title: 'Payments',
        },
        spec: { type: 'team', children: [] },
      },
    ],
  });

  it('reads profile display names, then titles, and keeps the name part of refs the catalog lacks (no ref: as given)', async () => {
    const names = await displayNamesOf(
      catalog,
      [
        'user:default/mei.chen',
        'User:mei.chen',
        'group:default/team-payments',
        'user:default/nobody',
        '',
      ],
      mockCredentials.service(),
    );
    expect(Object.fromEntries(names)).toEqual({
      'user:default/mei.chen': 'Mei-Lin Chen',
      'User:mei.chen': 'Mei-Lin Chen',
      'group:default/team-payments': 'Payments',
      'user:default/nobody': 'nobody',
      '': '',
    });
  });

  it('names a ref by its name part', () => {
    expect(entityRefName('user:default/alice')).toBe('alice');
    expect(entityRefName('')).toBe('');
  });
});
