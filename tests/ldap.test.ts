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

describe('the org from LDAP (slapd)', { timeout: 600_000 }, () => {
  let slapd: Slapd;
  let backend: Backend;
  let token: string;
  const demo = demoEntities();
  const users = demo.filter(
    e => e.kind === 'User' && e.metadata.name !== 'guest',
  );
  const groups = demo.filter(e => e.kind === 'Group');

  before(async () => {
    slapd = await startSlapd(demoOrgLdif(demo));
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
    const counts = await waitForCatalog(backend.baseUrl, token, {
      User: users.length,
      Group: groups.length,
    });
    assert.equal(counts.User, users.length);
    assert.equal(counts.Group, groups.length);
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
});
