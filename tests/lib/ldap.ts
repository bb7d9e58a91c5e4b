import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoEntities, type DemoEntity } from './demo.ts';
import { artifactDir } from './paths.ts';
import {
  freePort,
  run,
  startProcess,
  waitFor,
  type RunningProcess,
} from './proc.ts';

export const LDAP_SUFFIX = 'dc=larkspur,dc=example';
export const LDAP_ADMIN = `cn=admin,${LDAP_SUFFIX}`;
export const PEOPLE = `ou=people,${LDAP_SUFFIX}`;
export const GROUPS = `ou=groups,${LDAP_SUFFIX}`;

/** Escapes a value for use in an RDN (RFC 4514). */
export function escapeRdnValue(value: string): string {
  return value
    .replace(/([\\,+"<>;=#])/g, '\\$1')
    .replace(/^ /, '\\ ')
    .replace(/ $/, '\\ ');
}

/** One LDIF attribute line; values that are not plain ASCII are base64-encoded (RFC 2849). */
export function attr(name: string, value: string): string {
  const safe =
    /^[\x20-\x7e]*$/.test(value) && !/^[ :<]/.test(value) && !/ $/.test(value);
  return safe
    ? `${name}: ${value}`
    : `${name}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

/** The directory's top entries, each as its LDIF lines: the organisation, and its people and groups units. */
export const LDAP_BASE_ENTRIES: readonly string[][] = [
  [
    `dn: ${LDAP_SUFFIX}`,
    'objectClass: dcObject',
    'objectClass: organization',
    'dc: larkspur',
    'o: Larkspur Freight',
  ],
  [`dn: ${PEOPLE}`, 'objectClass: organizationalUnit', 'ou: people'],
  [`dn: ${GROUPS}`, 'objectClass: organizationalUnit', 'ou: groups'],
];

/** LDIF of `entries`, each given as its lines. */
export const ldifOf = (entries: readonly string[][]): string =>
  `${entries.map(e => e.join('\n')).join('\n\n')}\n`;

/**
 * A `catalog.providers.ldapOrg.<id>` entry reading `slapd` as the admin: users (inetOrgPerson) under
 * {@link PEOPLE}, groups (groupOfNames, their type from businessCategory) under {@link GROUPS}. `target`
 * replaces slapd's URL (e.g. a proxy's), the maps add to the users' and groups' own, and no `schedule` leaves
 * the Atrium module's default.
 */
export function ldapOrgProviderConfig(
  slapd: Pick<Slapd, 'url' | 'adminDn' | 'adminPassword'>,
  options: {
    target?: string;
    userMap?: Record<string, string>;
    groupMap?: Record<string, string>;
    schedule?: object;
  } = {},
) {
  return {
    target: options.target ?? slapd.url,
    bind: { dn: slapd.adminDn, secret: slapd.adminPassword },
    users: [
      {
        dn: PEOPLE,
        options: { filter: '(objectClass=inetOrgPerson)' },
        ...(options.userMap ? { map: options.userMap } : {}),
      },
    ],
    groups: [
      {
        dn: GROUPS,
        options: { filter: '(objectClass=groupOfNames)' },
        map: { type: 'businessCategory', ...options.groupMap },
      },
    ],
    ...(options.schedule ? { schedule: options.schedule } : {}),
  };
}

const userDn = (name: string) => `uid=${escapeRdnValue(name)},${PEOPLE}`;
const groupDn = (name: string) => `cn=${escapeRdnValue(name)},${GROUPS}`;
const bare = (ref: string) =>
  ref.replace(/^[a-z]+:/i, '').replace(/^default\//, '');

/**
 * The company directory as LDIF, written from the same demo org that the embedded default loads as catalog
 * files (demo/org.yaml): users are inetOrgPerson, groups are groupOfNames whose members are users and child
 * groups, and a group's type rides in businessCategory.
 */
export function demoOrgLdif(entities: DemoEntity[] = demoEntities()): string {
  const users = entities.filter(
    e => e.kind === 'User' && e.metadata.name !== 'guest',
  );
  const groups = entities.filter(e => e.kind === 'Group');
  const out: string[][] = [...LDAP_BASE_ENTRIES];
  for (const user of users) {
    const profile = (user.spec?.profile ?? {}) as {
      displayName?: string;
      email?: string;
      picture?: string;
    };
    const displayName = profile.displayName ?? user.metadata.name;
    const entry = [
      `dn: ${userDn(user.metadata.name)}`,
      'objectClass: inetOrgPerson',
      attr('uid', user.metadata.name),
      attr('cn', displayName),
      attr('sn', displayName.split(' ').slice(-1)[0]),
      attr('displayName', displayName),
    ];
    if (profile.email) entry.push(attr('mail', profile.email));
    if (user.metadata.description)
      entry.push(attr('description', user.metadata.description));
    out.push(entry);
  }
  for (const group of groups) {
    const spec = (group.spec ?? {}) as {
      type?: string;
      children?: string[];
      profile?: { displayName?: string };
    };
    const members = [
      ...users
        .filter(u =>
          ((u.spec?.memberOf as string[] | undefined) ?? [])
            .map(bare)
            .includes(group.metadata.name),
        )
        .map(u => userDn(u.metadata.name)),
      ...(spec.children ?? []).map(c => groupDn(bare(c))),
    ];
    if (!members.length)
      throw new Error(
        `group ${group.metadata.name} has no members; groupOfNames needs one`,
      );
    const entry = [
      `dn: ${groupDn(group.metadata.name)}`,
      'objectClass: groupOfNames',
      attr('cn', group.metadata.name),
    ];
    if (spec.type) entry.push(attr('businessCategory', spec.type));
    if (spec.profile?.displayName)
      entry.push(attr('ou', spec.profile.displayName));
    if (group.metadata.description)
      entry.push(attr('description', group.metadata.description));
    entry.push(...members.map(m => attr('member', m)));
    out.push(entry);
  }
  return ldifOf(out);
}

export interface Slapd {
  url: string;
  port: number;
  adminDn: string;
  adminPassword: string;
  /** The running slapd (a new one after `restart`). */
  readonly process: RunningProcess;
  /** Stops slapd; its database stays, for `restart`. */
  stop(): Promise<void>;
  /** Starts slapd again on the same port with the same database (stopping it first if it runs). */
  restart(): Promise<void>;
  /** Applies LDIF change records (`changetype: add|modify|delete|modrdn`) as the admin, with ldapmodify. */
  modify(ldif: string): Promise<string>;
}

/** Starts Debian's slapd on a spare loopback port, with an MDB database seeded from `ldif` by slapadd. */
export async function startSlapd(ldif: string): Promise<Slapd> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-slapd-'));
  const db = join(dir, 'db');
  mkdirSync(db);
  const port = await freePort();
  const adminPassword = `pw-${Math.random().toString(36).slice(2)}`;
  const conf = join(dir, 'slapd.conf');
  writeFileSync(
    conf,
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      `pidfile ${join(dir, 'slapd.pid')}`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'database mdb',
      'maxsize 1073741824',
      `suffix "${LDAP_SUFFIX}"`,
      `rootdn "${LDAP_ADMIN}"`,
      `rootpw ${adminPassword}`,
      `directory ${db}`,
      'index objectClass eq',
      'index uid,cn,member eq',
      'sizelimit unlimited',
      '',
    ].join('\n'),
  );
  const ldifFile = join(dir, 'seed.ldif');
  writeFileSync(ldifFile, ldif);
  await run('/usr/sbin/slapadd', ['-f', conf, '-l', ldifFile]);
  const url = `ldap://127.0.0.1:${port}`;
  const admin = ['-x', '-H', url, '-D', LDAP_ADMIN, '-w', adminPassword];

  const launch = async () => {
    // -d 0 keeps slapd in the foreground, so the test owns the process.
    const proc = startProcess(
      '/usr/sbin/slapd',
      ['-f', conf, '-h', `${url}/`, '-d', '0'],
      { logFile: join(artifactDir('logs'), `slapd-${port}.log`) },
    );
    let exitCode: number | null | undefined;
    proc.exited.then(code => (exitCode = code));
    await waitFor(
      `slapd on ${url}`,
      async () => {
        if (exitCode !== undefined)
          throw new Error(`slapd exited with ${exitCode}`);
        await run('ldapsearch', [
          ...admin,
          '-b',
          LDAP_SUFFIX,
          '-s',
          'base',
          'dn',
        ]);
        return true;
      },
      { timeoutMs: 30_000, onTimeout: () => proc.tail() },
    ).catch(async error => {
      await proc.stop();
      throw error;
    });
    return proc;
  };

  let proc = await launch();
  let changes = 0;
  return {
    url,
    port,
    adminDn: LDAP_ADMIN,
    adminPassword,
    get process() {
      return proc;
    },
    stop: () => proc.stop(),
    async restart() {
      await proc.stop();
      proc = await launch();
    },
    async modify(changeLdif: string) {
      const file = join(dir, `change-${++changes}.ldif`);
      writeFileSync(file, changeLdif);
      return run('ldapmodify', [...admin, '-f', file]);
    },
  };
}
