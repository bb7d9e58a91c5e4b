// The directory bench/ldap-sync.ts loads into slapd: divisions > departments > teams (nesting through `member`
// DNs of child groups, as the demo org does), users in one team each and every tenth user in a second one. A few
// users have a comma in their RDN, so their DN needs the module's normalisation to keep their memberships.
import {
  attr,
  escapeRdnValue,
  GROUPS,
  LDAP_BASE_ENTRIES,
  ldifOf,
  PEOPLE,
} from '../../tests/lib/ldap.ts';

// ---------------------------------------------------------------------------------------------------------
// The directory: divisions > departments > teams (nesting through `member` DNs of child groups, as the demo
// org does), users in one team each and every tenth user in a second one. A few users have a comma in their
// RDN, so their DN needs the module's normalisation to keep their memberships.

export interface Org {
  ldif: string;
  /** A team and how many users it holds, to check relations once the catalog is complete. */
  sampleTeam: { name: string; members: number };
  /** A user whose DN has an escaped comma, and its first team. */
  escapedUser: { name: string; team: string };
  /** Users' team memberships in all (a user in two teams counts twice): the memberOf relations to expect. */
  memberships: number;
}

export function generateOrg(nUsers: number, nGroups: number): Org {
  const nDivisions = Math.max(1, Math.round(nGroups * 0.005));
  const nDepartments = Math.max(1, Math.round(nGroups * 0.095));
  const nTeams = nGroups - nDivisions - nDepartments;
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const division = (i: number) => `div-${pad(i + 1, 3)}`;
  const department = (i: number) => `dept-${pad(i + 1, 4)}`;
  const team = (i: number) => `team-${pad(i + 1, 5)}`;
  const groupDn = (cn: string) => `cn=${cn},${GROUPS}`;

  const out: string[] = [ldifOf(LDAP_BASE_ENTRIES).trimEnd()];
  const teamMembers: string[][] = Array.from({ length: nTeams }, () => []);
  let escapedUser = { name: '', team: '' };
  for (let i = 0; i < nUsers; i++) {
    const uid = `user.${pad(i + 1, 6)}`;
    const first = [
      'Ana',
      'Bo',
      'Chidi',
      'Dörte',
      'Emre',
      'Fatima',
      'Goran',
      'Hiroko',
    ][i % 8];
    const last = `Person${i + 1}`;
    // One user in a thousand is named by cn "Last, First" (an escaped comma in the DN), the others by uid.
    const escaped = i % 1000 === 5;
    const dn = escaped
      ? `cn=${escapeRdnValue(`${last}, ${first}`)},${PEOPLE}`
      : `uid=${uid},${PEOPLE}`;
    out.push(
      [
        `dn: ${dn}`,
        'objectClass: inetOrgPerson',
        attr('uid', uid),
        attr('cn', escaped ? `${last}, ${first}` : `${first} ${last}`),
        attr('sn', last),
        attr('mail', `${uid}@larkspur.example`),
      ].join('\n'),
    );
    teamMembers[i % nTeams].push(dn);
    if (i % 10 === 0) teamMembers[(i * 7 + 3) % nTeams].push(dn);
    if (escaped && !escapedUser.name)
      escapedUser = { name: uid, team: team(i % nTeams) };
  }
  const group = (cn: string, type: string, members: string[]) =>
    [
      `dn: ${groupDn(cn)}`,
      'objectClass: groupOfNames',
      `cn: ${cn}`,
      `businessCategory: ${type}`,
      ...[...new Set(members)].map(m => `member: ${m}`),
    ].join('\n');
  const children = (n: number, parents: number) => {
    const byParent: number[][] = Array.from({ length: parents }, () => []);
    for (let i = 0; i < n; i++) byParent[i % parents].push(i);
    return byParent;
  };
  const deptTeams = children(nTeams, nDepartments);
  const divDepts = children(nDepartments, nDivisions);
  for (let t = 0; t < nTeams; t++) {
    // groupOfNames needs a member: a team without users gets its department's first team... never happens at
    // the default sizes (11 users a team); guard anyway with the first user.
    out.push(
      group(
        team(t),
        'team',
        teamMembers[t].length ? teamMembers[t] : [`uid=user.000001,${PEOPLE}`],
      ),
    );
  }
  for (let d = 0; d < nDepartments; d++) {
    out.push(
      group(
        department(d),
        'department',
        deptTeams[d].length
          ? deptTeams[d].map(t => groupDn(team(t)))
          : [`uid=user.000001,${PEOPLE}`],
      ),
    );
  }
  for (let v = 0; v < nDivisions; v++) {
    out.push(
      group(
        division(v),
        'division',
        divDepts[v].length
          ? divDepts[v].map(d => groupDn(department(d)))
          : [`uid=user.000001,${PEOPLE}`],
      ),
    );
  }
  return {
    ldif: `${out.join('\n\n')}\n`,
    memberships: teamMembers.reduce((n, m) => n + new Set(m).size, 0),
    sampleTeam: {
      name: team(nTeams - 1),
      members: new Set(teamMembers[nTeams - 1]).size,
    },
    escapedUser,
  };
}
