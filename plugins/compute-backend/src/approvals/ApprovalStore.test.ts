import { TestDatabases } from '@backstage/backend-test-utils';
import { ComputeAuditStore } from '../audit/ComputeAuditStore';
import { ApprovalStore } from './ApprovalStore';
import { TEST_REQUEST } from './testRequest';

const REQUEST = TEST_REQUEST;

describe('ApprovalStore', () => {
  // SQLite always; PostgreSQL where BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING names one (no Docker).
  const databases = TestDatabases.create({
    ids: ['SQLITE_3', 'POSTGRES_16'],
    disableDocker: true,
  });

  const storeOn = async (id: string) => {
    const knex = await databases.init(id as any);
    // The plugin's migrations (compute_audit and compute_approvals) run as the plugin runs them.
    await ComputeAuditStore.create(knex);
    return new ApprovalStore(knex);
  };

  it.each(databases.eachSupportedId())(
    'keeps a request exactly as made, and decides it once (%s)',
    async databaseId => {
      const store = await storeOn(databaseId);
      const made = await store.create(REQUEST);
      expect(made).toEqual({ ...REQUEST, id: made.id, status: 'pending' });
      expect(await store.get(made.id)).toEqual(made);
      expect(await store.listPending()).toEqual([made]);
      expect(await store.listByRequester(REQUEST.requestedBy)).toEqual([made]);
      expect(await store.listByRequester('user:default/mei.chen')).toEqual([]);

      const now = new Date('2026-12-06T13:00:00.000Z');
      const approved = await store.decide(
        made.id,
        'approved',
        { decidedBy: 'user:default/mei.chen' },
        { now },
      );
      expect(approved).toMatchObject({
        status: 'approved',
        decidedBy: 'user:default/mei.chen',
        decidedAt: now.toISOString(),
      });
      // Decided once: a second decision (or the expiry) finds it no longer pending.
      expect(
        await store.decide(made.id, 'rejected', { decidedBy: 'x' }),
      ).toBeUndefined();
      expect(await store.decide(made.id, 'expired', {})).toBeUndefined();
      // A claimed approval ends as failed, with what applying said.
      expect(
        await store.decide(
          made.id,
          'failed',
          { result: 'changed since' },
          { from: 'approved' },
        ),
      ).toMatchObject({ status: 'failed', result: 'changed since' });
      expect(await store.listPending()).toEqual([]);
      expect(await store.get('no-such-id')).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'lists as expired exactly the pending requests whose time ran out (%s)',
    async databaseId => {
      const store = await storeOn(databaseId);
      const early = await store.create({
        ...REQUEST,
        expiresAt: '2026-12-06T12:30:00.000Z',
      });
      const late = await store.create({
        ...REQUEST,
        expiresAt: '2026-12-06T14:00:00.000Z',
      });
      const decided = await store.create({
        ...REQUEST,
        expiresAt: '2026-12-06T12:10:00.000Z',
      });
      await store.decide(decided.id, 'rejected', { decidedBy: 'x' });
      const ids = async (iso: string) =>
        (await store.listExpired(new Date(iso))).map(r => r.id);
      expect(await ids('2026-12-06T12:29:59.999Z')).toEqual([]);
      expect(await ids('2026-12-06T12:30:00.000Z')).toEqual([early.id]);
      expect((await ids('2026-12-06T14:00:00.000Z')).sort()).toEqual(
        [early.id, late.id].sort(),
      );
    },
  );
});
