import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import knexFactory, { type Knex } from 'knex';
import { ComputeAuditStore } from '../audit/ComputeAuditStore';
import { ApprovalAccess } from './access';
import { ApprovalService } from './ApprovalService';
import { ApprovalStore } from './ApprovalStore';
import { TEST_REQUEST } from './testRequest';

const ALICE = 'user:default/alice.nakamura';
const MEI = 'user:default/mei.chen';
const BOB = 'user:default/bob.okafor';
const ADMIN = 'user:default/elena.popescu';
const TEAM = 'group:default/team-payments';
const COMPONENT = 'component:default/payments-gateway';

/** Each user's ownership refs, as sign-in resolves them. */
const OWNERSHIP: Record<string, string[]> = {
  [ALICE]: [ALICE, TEAM],
  [MEI]: [MEI, TEAM],
  [BOB]: [BOB, 'group:default/team-fleet'],
  [ADMIN]: [ADMIN, 'group:default/platform-admins'],
};

const user = (ref: string, groups: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: ref.split('/')[1], namespace: 'default' },
  relations: groups.map(g => ({ type: 'memberOf', targetRef: g })),
});
const COMPONENT_ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', namespace: 'default' },
  relations: [{ type: 'ownedBy', targetRef: TEAM }],
};

const REQUEST = TEST_REQUEST;

describe('ApprovalService decisions (the action path is a fake: applying against a cluster is tests/compute-approvals.test.ts)', () => {
  let knex: Knex;
  let store: ApprovalStore;
  let audit: ComputeAuditStore;
  let catalogEntities: Record<string, Entity>;
  let now: Date;
  const apply = jest.fn();
  const decided = jest.fn();

  const service = () =>
    new ApprovalService({
      store,
      access: new ApprovalAccess({
        userInfo: {
          getUserInfo: async c => {
            const ref = (c.principal as { userEntityRef: string })
              .userEntityRef;
            return { userEntityRef: ref, ownershipEntityRefs: OWNERSHIP[ref] };
          },
        },
        catalog: {
          getEntityByRef: (async (ref: string) => catalogEntities[ref]) as any,
          getEntitiesByRefs: (async ({
            entityRefs,
          }: {
            entityRefs: string[];
          }) => ({
            items: entityRefs.map(r => catalogEntities[r]),
          })) as any,
        },
        auth: mockServices.auth(),
        platformAdmins: ['group:default/platform-admins'],
      }),
      catalog: { getEntityByRef: async ref => catalogEntities[ref] },
      actions: { apply },
      creation: { create: jest.fn() },
      audit,
      notifier: { decided },
      logger: mockServices.logger.mock(),
      now: () => now,
    });
  const as = (ref: string) => mockCredentials.user(ref);
  const steps = async (id: string) =>
    (await audit.list({ entityRef: COMPONENT, limit: 100 })).items
      .filter(r => r.approval?.id === id)
      .map(r => `${r.approval!.event} by ${r.actor}`);

  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    audit = await ComputeAuditStore.create(knex);
    store = new ApprovalStore(knex);
    now = new Date('2026-12-06T13:00:00.000Z');
    catalogEntities = {
      [ALICE]: user(ALICE, [TEAM]),
      [MEI]: user(MEI, [TEAM]),
      [COMPONENT]: COMPONENT_ENTITY,
    };
    apply.mockReset();
    decided.mockReset();
  });
  afterEach(() => knex.destroy());

  it('refuses the requester’s own decision and a non-member’s (403), and the request stays pending', async () => {
    const { id } = await store.create(REQUEST);
    await expect(service().approve(id, as(ALICE))).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/their own request/),
    });
    await expect(
      service().reject(id, undefined, as(ALICE)),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    await expect(service().approve(id, as(BOB))).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(
        /only the members of group:default\/team-payments/,
      ),
    });
    expect(apply).not.toHaveBeenCalled();
    expect((await store.get(id))?.status).toBe('pending');
  });

  it('lets another member approve: applied as the approver with the stored change, audited, the requester told', async () => {
    const { id } = await store.create(REQUEST);
    apply.mockResolvedValue({
      record: { id: 1 },
      app: { name: 'payments-gateway' },
    });
    const answer = await service().approve(id, as(MEI));
    expect(apply).toHaveBeenCalledWith(
      'deploy',
      REQUEST.app,
      REQUEST.change,
      as(MEI),
    );
    expect(answer.approval).toMatchObject({
      status: 'approved',
      decidedBy: MEI,
      result: 'Applied.',
    });
    expect(answer.result).toEqual({
      record: { id: 1 },
      app: { name: 'payments-gateway' },
    });
    expect(await steps(id)).toEqual([`approved by ${MEI}`]);
    expect(decided).toHaveBeenCalledWith(
      expect.objectContaining({ id, status: 'approved' }),
    );
  });

  it('lets a platform admin outside the team decide', async () => {
    const { id } = await store.create(REQUEST);
    const answer = await service().reject(id, 'not now', as(ADMIN));
    expect(answer.approval).toMatchObject({
      status: 'rejected',
      decidedBy: ADMIN,
      comment: 'not now',
    });
    expect(await steps(id)).toEqual([`rejected by ${ADMIN}`]);
  });

  it('answers 409 for a request already decided', async () => {
    const { id } = await store.create(REQUEST);
    await service().reject(id, undefined, as(MEI));
    await expect(service().approve(id, as(MEI))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(apply).not.toHaveBeenCalled();
  });

  it('answers 409 for a request whose time ran out, and marks it expired', async () => {
    const { id } = await store.create(REQUEST);
    now = new Date(REQUEST.expiresAt);
    await expect(service().approve(id, as(MEI))).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/expired/),
    });
    expect((await store.get(id))?.status).toBe('expired');
    expect(await steps(id)).toEqual([`expired by ${ALICE}`]);
    expect(apply).not.toHaveBeenCalled();
  });

  it('marks the request failed and answers 409 when the App changed since', async () => {
    const { id } = await store.create(REQUEST);
    apply.mockRejectedValue(
      new ConflictError('App payments-gateway changed since you loaded it'),
    );
    await expect(service().approve(id, as(MEI))).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringMatching(/changed since .* marked failed/),
    });
    expect(await store.get(id)).toMatchObject({
      status: 'failed',
      decidedBy: MEI,
      result: 'App payments-gateway changed since you loaded it',
    });
    expect(await steps(id)).toEqual([`failed by ${MEI}`]);
    expect(decided).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'failed' }),
    );
    // It must be made again: approving it once more is a conflict, not a second try.
    await expect(service().approve(id, as(MEI))).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('refuses (403) and fails a request whose requester no longer owns the component', async () => {
    const { id } = await store.create(REQUEST);
    catalogEntities[ALICE] = user(ALICE, ['group:default/team-fleet']);
    await expect(service().approve(id, as(MEI))).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringMatching(/may no longer make this change/),
    });
    expect((await store.get(id))?.status).toBe('failed');
    expect(apply).not.toHaveBeenCalled();
  });

  it('lists what awaits a member (not the requester, nor an outsider) and what the requester asked', async () => {
    const { id } = await store.create(REQUEST);
    const ids = async (
      ref: string,
      q: { awaiting?: 'me'; requestedBy?: 'me' },
    ) => (await service().list(q, as(ref))).map(r => r.id);
    expect(await ids(MEI, { awaiting: 'me' })).toEqual([id]);
    expect(await ids(ADMIN, { awaiting: 'me' })).toEqual([id]);
    expect(await ids(ALICE, { awaiting: 'me' })).toEqual([]);
    expect(await ids(BOB, { awaiting: 'me' })).toEqual([]);
    expect(await ids(ALICE, { requestedBy: 'me' })).toEqual([id]);
    now = new Date(REQUEST.expiresAt);
    expect(await ids(MEI, { awaiting: 'me' })).toEqual([]);
  });

  it('expires the pending requests whose time ran out, once', async () => {
    const { id } = await store.create(REQUEST);
    expect(await service().expire(new Date('2026-12-07T11:59:59.999Z'))).toBe(
      0,
    );
    expect(await service().expire(new Date(REQUEST.expiresAt))).toBe(1);
    expect(await service().expire(new Date(REQUEST.expiresAt))).toBe(0);
    expect((await store.get(id))?.status).toBe('expired');
    expect(decided).toHaveBeenCalledTimes(1);
  });
});
