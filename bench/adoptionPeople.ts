// bench/adoption.ts's people: the generated users as catalog Users in the demo's teams (so Insights can count
// active users per team, as it does from the catalog's memberships), and answers to the NPS survey from the demo's
// own users, who can sign in. Without them the Insights page of the benchmark shows no teams and no NPS.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signIn } from '../tests/lib/auth.ts';
import { demoEntities } from '../tests/lib/demo.ts';
import { mulberry32 } from './lib/util.ts';

/** The demo's teams (Groups of type team), in file order. */
function demoTeams(): string[] {
  return demoEntities()
    .filter(e => e.kind === 'Group' && e.spec?.type === 'team')
    .map(e => e.metadata.name);
}

/** The catalog name of generated user `n`, as bench/adoption.ts sends their events. */
export const benchUserName = (n: number) => `bench-user-${n}`;

/**
 * Writes `users` catalog Users (`bench-user-0`…), each a member of one demo team in turn, to a file in `dir`;
 * answers its path, for a catalog location that allows Users.
 */
export function writeBenchUsers(dir: string, users: number): string {
  const teams = demoTeams();
  const file = join(dir, 'bench-users.yaml');
  const docs = Array.from({ length: users }, (_, n) =>
    // JSON is YAML: one document per user.
    JSON.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: benchUserName(n) },
      spec: {
        profile: { displayName: `Bench User ${n}` },
        memberOf: [teams[n % teams.length]],
      },
    }),
  );
  writeFileSync(file, `${docs.join('\n---\n')}\n`);
  return file;
}

/** A score as a company's answers spread: half promoters (9–10), 30% passives (7–8), the rest detractors. */
function surveyScore(next: () => number): number {
  const r = next();
  if (r < 0.5) return 9 + Math.round(next());
  if (r < 0.8) return 7 + Math.round(next());
  return Math.floor(next() * 7);
}

/**
 * Every demo user signs in and answers the survey: scores drawn the same way on every run (mostly promoters and
 * passives, some detractors), one in four with a comment. Answers how many answered.
 */
export async function answerSurveys(baseUrl: string): Promise<number> {
  const next = mulberry32(7);
  const logins = demoEntities()
    .filter(e => e.kind === 'User')
    .map(e => e.metadata.name);
  let answered = 0;
  for (const login of logins) {
    const { token } = await signIn(baseUrl, login);
    const score = surveyScore(next);
    const res = await fetch(`${baseUrl}/api/adoption/nps/answers`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        score,
        ...(next() < 0.25
          ? { comment: `Bench comment ${answered + 1}: score ${score}` }
          : {}),
      }),
    });
    if (res.status !== 201) {
      throw new Error(
        `NPS answer of ${login}: ${res.status} ${await res.text()}`,
      );
    }
    answered++;
  }
  return answered;
}
