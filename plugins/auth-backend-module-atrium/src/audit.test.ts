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

  describe('prune', () => {
    const CUTOFF = new Date(Date.UTC(2026, 0, 1));
    const at = (ms: number) => new Date(CUTOFF.getTime() + ms);
    const attempt = (i: number) => ({
      providerId: 'oidc',
      flow: 'sign-in' as const,
      subject: `user${i}@larkspur.example`,
      userEntityRef: `user:default/user${i}`,
      result: 'success' as const,
    });
    const remaining = async (store: SignInAuditStore) =>
      (await store.list({ limit: 10_000 })).items.map(i => i.occurredAt);

    it('removes the attempts before the cut-off and keeps the one at it and those after', async () => {
      const store = await SignInAuditStore.create(knex);
      const offsets = [-86_400_000, -1, 0, 1, 86_400_000];
      for (const [i, ms] of offsets.entries()) {
        await store.record(attempt(i), at(ms));
      }
      expect(await store.prune(CUTOFF)).toBe(2);
      expect(await remaining(store)).toEqual([
        at(86_400_000).toISOString(),
        at(1).toISOString(),
        CUTOFF.toISOString(),
      ]);
      expect(await store.prune(CUTOFF)).toBe(0);
    });

    it('removes more attempts than one batch holds, one batch a statement', async () => {
      const store = await SignInAuditStore.create(knex);
      // Recorded newest first, so that the ids do not follow the times: the prune goes by time.
      await store.record(attempt(99), at(5));
      for (let i = 0; i < 25; i++) await store.record(attempt(i), at(-i - 1));
      const deletes: string[] = [];
      knex.on('query', q => {
        if (/^delete/i.test(q.sql)) deletes.push(q.sql);
      });
      expect(await store.prune(CUTOFF, 10)).toBe(25);
      // 10 + 10 + 5: three statements, none of more than 10 rows.
      expect(deletes).toHaveLength(3);
      expect(await remaining(store)).toEqual([at(5).toISOString()]);
    });
  });
});
