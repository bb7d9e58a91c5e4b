// The org from a real directory: Debian's slapd on a spare loopback port, seeded with the demo org as LDIF,
// read by Atrium's LDAP module (Backstage's LDAP org provider with DN normalisation and pictures). The same
// demo/org.yaml feeds the embedded default as catalog files. The directory is read every 15 seconds here, so
// that changes to it, and an outage, can be followed within the test.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  kindCounts,
  startBackend,
  waitForCatalog,
  type Backend,
} from './lib/backend.ts';
import { demoEntities } from './lib/demo.ts';
import {
  demoOrgLdif,
  ldapOrgProviderConfig,
  startSlapd,
  type Slapd,
} from './lib/ldap.ts';
import {
  addMember,
  awkwardLdif,
  BULK,
  newUser,
  PHOTO,
  removeMember,
  userDn,
} from './lib/ldapChanges.ts';
import { waitFor } from './lib/proc.ts';

/**
 * How often the test's config has the directory read. Three of the tests wait for the next read, and one read of
 * this directory takes about 0.3 s (the backend logs it), so a short period costs little.
 */
const SYNC_SECONDS = 3;
/** Long enough for a sync to come round and the catalog to process and stitch what it brought, under load. */
const SYNC_WAIT_MS = 90_000;

describe('the org from LDAP (slapd)', { timeout: 900_000 }, () => {
  let slapd: Slapd;
  let backend: Backend;
  let token: string;
  const demo = demoEntities();
  const users = demo.filter(
    e => e.kind === 'User' && e.metadata.name !== 'guest',
  );
  const groups = demo.filter(e => e.kind === 'Group');

  before(async () => {
    slapd = await startSlapd(`${demoOrgLdif(demo)}\n${awkwardLdif()}`);
    const dir = mkdtempSync(join(tmpdir(), 'atrium-ldap-config-'));
    const config = join(dir, 'app-config.ldap.yaml');
    writeFileSync(
      config,
      stringify({
        // This suite is about the directory; the Kubernetes API simulator's reconciler would only take CPU
        // from the catalog's processing of a large group.
        atrium: { kubeSimulator: { enabled: false } },
        catalog: {
          // The org comes from the directory only: no org.yaml location.
          locations: [
            { type: 'file', target: '${ATRIUM_ROOT}/demo/catalog.yaml' },
          ],
          providers: {
            ldapOrg: {
              directory: ldapOrgProviderConfig(slapd, {
                userMap: { description: 'description' },
                groupMap: { displayName: 'ou', description: 'description' },
                schedule: {
                  frequency: { seconds: SYNC_SECONDS },
                  timeout: { minutes: 2 },
                  initialDelay: { seconds: 1 },
                },
              }),
            },
          },
        },
      }),
    );
    backend = await startBackend({ name: 'ldap', configs: [config] });
    token = backend.serviceToken;
  });
  after(async () => {
    await backend?.stop();
    await slapd?.stop();
  });

  const get = async (ref: string) => {
    const res = await fetch(
      `${backend.baseUrl}/api/catalog/entities/by-name/${ref}`,
      {
        headers: { authorization: `Bearer ${token}` },
      },
    );
    assert.equal(res.status, 200, ref);
    return (await res.json()) as {
      metadata: { name: string; description?: string };
      spec: Record<string, any>;
      relations: Array<{ type: string; targetRef: string }>;
    };
  };
  const related = (
    e: { relations: Array<{ type: string; targetRef: string }> },
    type: string,
  ) =>
    e.relations
      .filter(r => r.type === type)
      .map(r => r.targetRef)
      .sort();

  it('ingests every user and group of the directory', async () => {
    const expected = {
      User: users.length + 2 + BULK,
      Group: groups.length + 2,
    };
    // The catalog processes the demo org and BULK more users on SQLite; the bound leaves room for a busy CI
    // machine.
    const counts = await waitForCatalog(
      backend.baseUrl,
      token,
      expected,
      300_000,
    );
    assert.equal(counts.User, expected.User);
    assert.equal(counts.Group, expected.Group);
  });

  it('keeps names, e-mails and non-ASCII display names', async () => {
    for (const user of users) {
      const entity = await get(`user/default/${user.metadata.name}`);
      const profile = user.spec!.profile as {
        displayName: string;
        email: string;
      };
      assert.equal(entity.spec.profile.displayName, profile.displayName);
      assert.equal(entity.spec.profile.email, profile.email);
    }
    assert.ok(
      users.some(u =>
        // eslint-disable-next-line no-control-regex -- any character beyond ASCII
        /[^\x00-\x7f]/.test((u.spec!.profile as any).displayName),
      ),
      'demo has non-ASCII names',
    );
  });

  it('relates members, parents and children as the org defines them', async () => {
    for (const group of groups) {
      const entity = await get(`group/default/${group.metadata.name}`);
      const expectedMembers = users
        .filter(u =>
          ((u.spec!.memberOf as string[]) ?? []).includes(group.metadata.name),
        )
        .map(u => `user:default/${u.metadata.name}`)
        .sort();
      assert.deepEqual(
        related(entity, 'hasMember'),
        expectedMembers,
        `${group.metadata.name} members`,
      );
      const children = ((group.spec!.children as string[]) ?? [])
        .map(c => `group:default/${c}`)
        .sort();
      assert.deepEqual(
        related(entity, 'parentOf'),
        children,
        `${group.metadata.name} children`,
      );
      const parent = group.spec!.parent
        ? [`group:default/${group.spec!.parent}`]
        : [];
      assert.deepEqual(
        related(entity, 'childOf'),
        parent,
        `${group.metadata.name} parent`,
      );
      assert.equal(
        entity.spec.type,
        group.spec!.type,
        `${group.metadata.name} type`,
      );
    }
    // Someone in two teams is a member of both.
    const twoTeams = users.find(
      u => ((u.spec!.memberOf as string[]) ?? []).length > 1,
    )!;
    const entity = await get(`user/default/${twoTeams.metadata.name}`);
    assert.deepEqual(
      related(entity, 'memberOf'),
      (twoTeams.spec!.memberOf as string[])
        .map(g => `group:default/${g}`)
        .sort(),
    );
  });

  it('keeps users without e-mail, and a group of 1,000 members', async () => {
    const noMail = await get('user/default/no.mail');
    assert.equal(noMail.spec.profile.email, undefined);
    assert.deepEqual(related(noMail, 'memberOf'), [
      'group:default/night-shift',
    ]);
    const allHands = await get('group/default/all-hands');
    assert.equal(related(allHands, 'hasMember').length, BULK);
    const last = await get(
      `user/default/bulk.${String(BULK).padStart(5, '0')}`,
    );
    assert.deepEqual(related(last, 'memberOf'), ['group:default/all-hands']);
  });

  it('resolves a member whose DN has escaped characters', async () => {
    // slapd spells the entry's DN `cn=Ng\2C Thu Trang,...`, the group's member value `cn=Ng\, Thu Trang,...`.
    const thu = await get('user/default/thu.ng');
    assert.equal(thu.spec.profile.displayName, 'Ng, Thu Trang');
    const nightShift = await get('group/default/night-shift');
    assert.deepEqual(related(nightShift, 'hasMember'), [
      'user:default/no.mail',
      'user:default/thu.ng',
    ]);
    assert.deepEqual(related(thu, 'memberOf'), ['group:default/night-shift']);
  });

  it('makes a picture of a jpegPhoto', async () => {
    const thu = await get('user/default/thu.ng');
    assert.equal(
      thu.spec.profile.picture,
      `data:image/jpeg;base64,${PHOTO.toString('base64')}`,
    );
    const noMail = await get('user/default/no.mail');
    assert.equal(noMail.spec.profile.picture, undefined);
  });

  // The directory changes below: someone joins, someone leaves, someone moves from one team to another.
  const teams = groups.filter(g => g.spec!.type === 'team');
  const membersOf = (team: string) =>
    users.filter(u => ((u.spec!.memberOf as string[]) ?? []).includes(team));
  // A member of a single team that keeps other members without them (groupOfNames needs one)...
  const mover = users.find(u => {
    const memberOf = (u.spec!.memberOf as string[]) ?? [];
    return (
      memberOf.length === 1 &&
      teams.some(t => t.metadata.name === memberOf[0]) &&
      membersOf(memberOf[0]).length > 1
    );
  })!;
  const fromTeam = (mover?.spec!.memberOf as string[])?.[0];
  // ...moves to another team.
  const toTeam = teams.find(t => t.metadata.name !== fromTeam)?.metadata.name;
  const status = async (ref: string) =>
    (
      await fetch(`${backend.baseUrl}/api/catalog/entities/by-name/${ref}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).status;
  /** Waits until `check` passes (assertions inside it throw until then), bounded by SYNC_WAIT_MS. */
  const eventually = (what: string, check: () => Promise<void>) =>
    waitFor(
      what,
      async () => {
        await check();
        return true;
      },
      { timeoutMs: SYNC_WAIT_MS, intervalMs: 1000 },
    );

  it('follows the directory: a user added, one removed, one moved between teams', async () => {
    assert.ok(mover && fromTeam && toTeam, 'demo has a user to move');
    await slapd.modify(
      `${[
        newUser('new.hire', 'Nia Newhire'),
        addMember(toTeam!, userDn('new.hire')),
        removeMember('night-shift', userDn('no.mail')),
        `dn: ${userDn('no.mail')}\nchangetype: delete`,
        removeMember(fromTeam!, userDn(mover.metadata.name)),
        addMember(toTeam!, userDn(mover.metadata.name)),
      ].join('\n\n')}\n`,
    );

    await eventually('the catalog to follow the directory', async () => {
      const hire = await get('user/default/new.hire');
      assert.equal(hire.spec.profile.displayName, 'Nia Newhire');
      assert.deepEqual(related(hire, 'memberOf'), [`group:default/${toTeam}`]);
      assert.equal(await status('user/default/no.mail'), 404);
      const moved = await get(`user/default/${mover.metadata.name}`);
      assert.deepEqual(related(moved, 'memberOf'), [`group:default/${toTeam}`]);
      const from = await get(`group/default/${fromTeam}`);
      assert.ok(
        !related(from, 'hasMember').includes(
          `user:default/${mover.metadata.name}`,
        ),
        `${mover.metadata.name} left ${fromTeam}`,
      );
      const to = await get(`group/default/${toTeam}`);
      const members = related(to, 'hasMember');
      assert.ok(members.includes(`user:default/${mover.metadata.name}`));
      assert.ok(members.includes('user:default/new.hire'));
      const nightShift = await get('group/default/night-shift');
      assert.deepEqual(related(nightShift, 'hasMember'), [
        'user:default/thu.ng',
      ]);
    });
    const counts = await kindCounts(backend.baseUrl, token);
    assert.equal(counts.User, users.length + 2 + BULK); // one in, one out
    assert.equal(counts.Group, groups.length + 2);
  });

  it('keeps the org while the directory is down, and catches up when it is back', async () => {
    const countsBefore = await kindCounts(backend.baseUrl, token);
    const moved = related(
      await get(`user/default/${mover.metadata.name}`),
      'memberOf',
    );
    const logFile = backend.process.logFile;
    const offset = statSync(logFile).size;
    const logSince = () => {
      const fd = openSync(logFile, 'r');
      try {
        const length = statSync(logFile).size - offset;
        const buffer = Buffer.alloc(Math.max(0, length));
        readSync(fd, buffer, 0, buffer.length, offset);
        return buffer.toString('utf8');
      } finally {
        closeSync(fd);
      }
    };

    await slapd.stop();
    await waitFor(
      'a failed LDAP refresh in the backend log',
      async () =>
        /LdapOrgEntityProvider:directory refresh failed/.test(logSince())
          ? true
          : undefined,
      {
        timeoutMs: SYNC_WAIT_MS,
        intervalMs: 1000,
        onTimeout: () => backend.process.tail(),
      },
    );
    // Nothing was deleted or changed: a failed read commits nothing.
    assert.deepEqual(await kindCounts(backend.baseUrl, token), countsBefore);
    assert.deepEqual(
      related(await get(`user/default/${mover.metadata.name}`), 'memberOf'),
      moved,
    );
    assert.equal(
      related(await get('group/default/all-hands'), 'hasMember').length,
      BULK,
    );

    await slapd.restart();
    await slapd.modify(
      `${[
        newUser('back.online', 'Bo Backonline'),
        addMember(fromTeam!, userDn('back.online')),
      ].join('\n\n')}\n`,
    );
    await eventually('the first sync after the outage', async () => {
      const back = await get('user/default/back.online');
      assert.deepEqual(related(back, 'memberOf'), [
        `group:default/${fromTeam}`,
      ]);
    });
    const countsAfter = await kindCounts(backend.baseUrl, token);
    assert.equal(countsAfter.User, countsBefore.User + 1);
    assert.equal(countsAfter.Group, countsBefore.Group);
  });
});
