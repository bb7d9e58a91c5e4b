/**
 * The LDAP suite's directory beyond the demo org (tests/ldap.test.ts): what real directories hold (an escaped DN,
 * a user without e-mail, a staff photo, a group of BULK members), and the LDIF of the changes the suite makes
 * to it with ldapmodify.
 */
import { GROUPS, PEOPLE } from './ldap.ts';

/**
 * Users of one large group (all-hands), beyond the demo org. The catalog's processing of them dominates this
 * suite's time (5,000 took about 5 minutes on 2 cores); company-size directories are measured by
 * bench/ldap-sync.ts, not here.
 */
export const BULK = 1000;
/**
 * A stand-in for a staff photo: JPEG's start-of-image and JFIF header, some bytes, end-of-image. Not valid
 * UTF-8, so ldapts hands it over as a Buffer, as it does real photos.
 */
export const PHOTO = Buffer.concat([
  Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'),
  Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37) % 256)),
  Buffer.from('ffd9', 'hex'),
]);

/**
 * What real directories hold beside the demo org: a DN with escaped characters (its RDN is the cn, which has a
 * comma), a user without e-mail, and a group of BULK members.
 */
export function awkwardLdif(): string {
  const escapedDn = `cn=Ng\\, Thu Trang,${PEOPLE}`;
  const entries = [
    [
      `dn: ${escapedDn}`,
      'objectClass: inetOrgPerson',
      'uid: thu.ng',
      'cn: Ng, Thu Trang',
      'sn: Ng',
      'mail: thu.ng@larkspur.example',
      `jpegPhoto:: ${PHOTO.toString('base64')}`,
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
  return `${entries.map(e => e.join('\n')).join('\n\n')}\n`;
}

/** A user's DN in the directory. */
export const userDn = (uid: string) => `uid=${uid},${PEOPLE}`;
const groupDn = (cn: string) => `cn=${cn},${GROUPS}`;

/** LDIF that adds a user with an e-mail at larkspur.example. */
export const newUser = (uid: string, cn: string) =>
  [
    `dn: ${userDn(uid)}`,
    'changetype: add',
    'objectClass: inetOrgPerson',
    `uid: ${uid}`,
    `cn: ${cn}`,
    `sn: ${cn.split(' ').slice(-1)[0]}`,
    `mail: ${uid}@larkspur.example`,
  ].join('\n');

const memberChange = (change: 'add' | 'delete', group: string, dn: string) =>
  [
    `dn: ${groupDn(group)}`,
    'changetype: modify',
    `${change}: member`,
    `member: ${dn}`,
  ].join('\n');
/** LDIF that adds `dn` to a group's members. */
export const addMember = (group: string, dn: string) =>
  memberChange('add', group, dn);
/** LDIF that removes `dn` from a group's members. */
export const removeMember = (group: string, dn: string) =>
  memberChange('delete', group, dn);
