// The org from a real directory: Debian's slapd on a spare loopback port, seeded with the demo org as LDIF,
// read by Backstage's LDAP org provider. The same demo/org.yaml feeds the embedded default as catalog files.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  guestToken,
  startBackend,
  waitForCatalog,
  type Backend,
} from './lib/backend.ts';
import { demoEntities } from './lib/demo.ts';
import {
  demoOrgLdif,
  GROUPS,
  PEOPLE,
  startSlapd,
  type Slapd,
} from './lib/ldap.ts';

const BULK = 5000;

/**
 * What real directories hold beside the demo org: a DN with escaped characters (its RDN is the cn, which has a
 * comma), a user without e-mail, and a group of 5,000 members.
 */
function awkwardLdif(): string {
  const escapedDn = `cn=Ng\\, Thu Trang,${PEOPLE}`;
  const entries = [
    [
      `dn: ${escapedDn}`,
      'objectClass: inetOrgPerson',
      'uid: thu.ng',
      'cn: Ng, Thu Trang',
      'sn: Ng',
      'mail: thu.ng@larkspur.example',
    ],
    [
      `dn: uid=no.mail,${PEOPLE}`,
      'objectClass: inetOrgPerson',
      'uid: no.mail',
      'cn: Kai Without Mail',
      'sn: Mail',
    ],
    [
      `dn: cn=night-shift,${GROUPS}`,
      'objectClass: groupOfNames',
      'cn: night-shift',
      'businessCategory: team',
      `member: ${escapedDn}`,
      `member: uid=no.mail,${PEOPLE}`,
    ],
  ];
  const bulk = Array.from(
    { length: BULK },
    (_, i) => `bulk.${String(i + 1).padStart(5, '0')}`,
  );
  for (const uid of bulk) {
    entries.push([
      `dn: uid=${uid},${PEOPLE}`,
      'objectClass: inetOrgPerson',
      `uid: ${uid}`,
      `cn: ${uid}`,
      `sn: ${uid}`,
    ]);
  }
  entries.push([
    `dn: cn=all-hands,${GROUPS}`,
    'objectClass: groupOfNames',
    'cn: all-hands',
    'businessCategory: team',
    ...bulk.map(uid => `member: uid=${uid},${PEOPLE}`),
  ]);
  return entries.map(e => e.join('\n')).join('\n\n') + '\n';
}

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
        catalog: {
          // The org comes from the directory only: no org.yaml location.
          locations: [
            { type: 'file', target: '${ATRIUM_ROOT}/demo/catalog.yaml' },
          ],
          providers: {
            ldapOrg: {
              directory: {
                target: slapd.url,
                bind: { dn: slapd.adminDn, secret: slapd.adminPassword },
                users: [
                  {
                    dn: PEOPLE,
                    options: { filter: '(objectClass=inetOrgPerson)' },
                    map: { description: 'description' },
                  },
                ],
                groups: [
                  {
                    dn: GROUPS,
                    options: { filter: '(objectClass=groupOfNames)' },
                    map: {
                      type: 'businessCategory',
                      displayName: 'ou',
                      description: 'description',
                    },
                  },
                ],
                schedule: {
                  frequency: { minutes: 60 },
                  timeout: { minutes: 10 },
                  initialDelay: { seconds: 1 },
                },
              },
            },
          },
        },
      }),
    );
    backend = await startBackend({ name: 'ldap', configs: [config] });
    token = await guestToken(backend.baseUrl);
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

  it('keeps users without e-mail, and a group of 5,000 members', async () => {
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

  it(
    'resolves a member whose DN has escaped characters',
    {
      todo:
        "Known gap: Backstage's LDAP provider ingests the user but drops its membership; " +
        'the identity issue adds a DN-normalising transformer',
    },
    async () => {
      const thu = await get('user/default/thu.ng');
      assert.equal(thu.spec.profile.displayName, 'Ng, Thu Trang');
      const nightShift = await get('group/default/night-shift');
      assert.deepEqual(related(nightShift, 'hasMember'), [
        'user:default/no.mail',
        'user:default/thu.ng',
      ]);
      assert.deepEqual(related(thu, 'memberOf'), ['group:default/night-shift']);
    },
  );
});
