import knexFactory, { type Knex } from 'knex';
import { ComputeAuditStore, type ComputeAuditEntry } from './ComputeAuditStore';

const ENTRY: ComputeAuditEntry = {
  actor: 'user:default/alice',
  action: 'scale',
  entityRef: 'component:default/payments-gateway',
  cluster: 'eu',
  namespace: 'team-payments',
  app: 'payments-gateway',
  before: { replicas: 2 },
  after: { replicas: 3 },
  result: 'succeeded',
};

const CUTOFF = new Date(Date.UTC(2026, 0, 1));
const at = (msFromCutoff: number) => new Date(CUTOFF.getTime() + msFromCutoff);

describe('ComputeAuditStore.prune (SQLite in memory)', () => {
  let knex: Knex;
  let store: ComputeAuditStore;
  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    store = await ComputeAuditStore.create(knex);
  });
  afterEach(() => knex.destroy());

  const remaining = async () =>
    (await store.list({ entityRef: ENTRY.entityRef, limit: 10_000 })).items.map(
      i => i.occurredAt,
    );

  it('removes the records before the cut-off and keeps the one at it and those after', async () => {
    for (const ms of [-86_400_000, -1, 0, 1, 86_400_000]) {
      await store.record(ENTRY, at(ms));
    }
    expect(await store.prune(CUTOFF)).toBe(2);
    expect(await remaining()).toEqual([
      at(86_400_000).toISOString(),
      at(1).toISOString(),
      CUTOFF.toISOString(),
    ]);
    // Nothing is left to remove: a second run removes nothing.
    expect(await store.prune(CUTOFF)).toBe(0);
  });

  it('removes more records than one batch holds, one batch a statement', async () => {
    for (let i = 0; i < 25; i++) await store.record(ENTRY, at(-1000 + i));
    await store.record(ENTRY, at(5));
    const deletes: string[] = [];
    knex.on('query', q => {
      if (/^delete/i.test(q.sql)) deletes.push(q.sql);
    });
    expect(await store.prune(CUTOFF, 10)).toBe(25);
    // 10 + 10 + 5: three statements, none of more than 10 rows.
    expect(deletes).toHaveLength(3);
    expect(await remaining()).toEqual([at(5).toISOString()]);
  });

  it('removes a whole table of old records and stops on an empty one', async () => {
    for (let i = 0; i < 20; i++) await store.record(ENTRY, at(-1000 + i));
    expect(await store.prune(CUTOFF, 10)).toBe(20);
    expect(await remaining()).toEqual([]);
    expect(await store.prune(CUTOFF, 10)).toBe(0);
  });
});
