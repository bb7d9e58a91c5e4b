import knexFactory, { type Knex } from 'knex';
import { SignInAuditStore } from './audit';

describe('SignInAuditStore (SQLite in memory)', () => {
  let knex: Knex;
  beforeEach(() => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
  });
  afterEach(() => knex.destroy());

  it('creates its table once, apart from other migrations, and pages newest first', async () => {
    const store = await SignInAuditStore.create(knex);
    // A second start finds the migration done.
    const again = await SignInAuditStore.create(knex);
    for (let i = 0; i < 5; i++) {
      await (i % 2 ? again : store).record(
        {
          providerId: 'oidc',
          flow: 'sign-in',
          subject: `user${i}@larkspur.example`,
          userEntityRef: i === 4 ? undefined : `user:default/user${i}`,
          result: i === 4 ? 'refused' : 'success',
          reason: i === 4 ? 'unknown' : undefined,
        },
        new Date(Date.UTC(2026, 10, 28, 8, i)),
      );
    }
    const first = await store.list({ limit: 2 });
    expect(first.items.map(i => i.subject)).toEqual([
      'user4@larkspur.example',
      'user3@larkspur.example',
    ]);
    expect(first.items[0]).toMatchObject({
      result: 'refused',
      reason: 'unknown',
      userEntityRef: undefined,
      occurredAt: '2026-11-28T08:04:00.000Z',
    });
    const second = await store.list({ limit: 2, before: first.nextBefore });
    expect(second.items.map(i => i.subject)).toEqual([
      'user2@larkspur.example',
      'user1@larkspur.example',
    ]);
    const last = await store.list({ limit: 2, before: second.nextBefore });
    expect(last.items).toHaveLength(1);
    expect(last.nextBefore).toBeUndefined();
    const one = await store.list({
      limit: 10,
      userEntityRef: 'user:default/user2',
    });
    expect(one.items.map(i => i.subject)).toEqual(['user2@larkspur.example']);
    expect(await knex.schema.hasTable('atrium_auth_knex_migrations')).toBe(
      true,
    );
  });
});
