/**
 * Part of tests/adoption.test.ts (its fixture: tests/adoption/fixture.ts): the NPS survey. It is asked after 3
 * active days and once a quarter, a score is 0 to 10 with a comment of at most 2,000 characters, one answer a
 * quarter, a dismissal is no score; the NPS and its comments by team; only your own answers go, and you may
 * answer again.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ADMIN, ALICE, NADIA, PAYMENTS, ZOE } from './fixture.ts';
import type { AdoptionSuite } from './fixture.ts';

/** Registers this part's test on the shared stack (tests/adoption.test.ts), after the events part. */
export function adoptionNps(suite: AdoptionSuite): void {
  describe('NPS: the survey, the answers, the figures', () => {
    const { callers } = suite;

    test('the NPS survey: asked after 3 active days, once a quarter; a dismissal is no score; only your own answers go', async () => {
      for (const c of callers) {
        assert.deepEqual((await c.call(ALICE, 'GET', '/nps/survey')).body, {
          show: true,
          reason: 'eligible',
        });
        assert.deepEqual((await c.call(NADIA, 'GET', '/nps/survey')).body, {
          show: false,
          reason: 'not-enough-activity',
        });
        for (const score of [11, 4.5, '9', -1]) {
          assert.equal(
            (await c.call(ALICE, 'POST', '/nps/answers', { score })).status,
            400,
            String(score),
          );
        }
        assert.equal(
          (
            await c.call(ALICE, 'POST', '/nps/answers', {
              score: 7,
              comment: 'x'.repeat(2001),
            })
          ).status,
          400,
        );
        const answered = await c.call(ALICE, 'POST', '/nps/answers', {
          score: 10,
          comment: 'fast deploys',
        });
        assert.equal(answered.status, 201, answered.text);
        assert.equal(
          (await c.call(ALICE, 'POST', '/nps/answers', { score: 3 })).status,
          409,
        );
        assert.deepEqual((await c.call(ALICE, 'GET', '/nps/survey')).body, {
          show: false,
          reason: 'answered',
        });
        const nadiaAnswer = await c.call(NADIA, 'POST', '/nps/answers', {
          score: 2,
        });
        assert.equal(nadiaAnswer.status, 201);
        assert.equal(
          (await c.call(NADIA, 'POST', '/nps/dismissals')).status,
          204,
        );
        assert.equal(
          (await c.call(ZOE, 'POST', '/nps/dismissals')).status,
          204,
        );
        assert.deepEqual((await c.call(ZOE, 'GET', '/nps/survey')).body, {
          show: false,
          reason: 'dismissed',
        });

        const nps = await c.call(ADMIN, 'GET', '/insights/nps');
        assert.deepEqual(
          { ...nps.body, trend: undefined },
          {
            nps: 0,
            promoters: 1,
            passives: 0,
            detractors: 1,
            answers: 2,
            dismissals: 2,
            trend: undefined,
            teams: [{ teamRef: PAYMENTS, nps: 0, answers: 2 }],
          },
        );
        const comments = await c.call(ADMIN, 'GET', '/insights/nps/comments');
        assert.deepEqual(
          comments.body.comments.map((x: any) => [
            x.score,
            x.comment,
            x.teamRef,
          ]),
          [[10, 'fast deploys', PAYMENTS]],
        );

        // Someone else's answer is not found; your own goes, and you may answer again.
        assert.equal(
          (await c.call(NADIA, 'DELETE', `/nps/answers/${answered.body.id}`))
            .status,
          404,
        );
        assert.equal(
          (await c.call(ALICE, 'DELETE', `/nps/answers/${answered.body.id}`))
            .status,
          204,
        );
        assert.deepEqual(
          (await c.call(ALICE, 'GET', '/nps/answers/mine')).body,
          { answers: [] },
        );
        assert.equal(
          (await c.call(ALICE, 'POST', '/nps/answers', { score: 9 })).status,
          201,
        );
        const mine = await c.call(ALICE, 'GET', '/nps/answers/mine');
        assert.deepEqual(
          mine.body.answers.map((a: any) => [a.score, a.comment]),
          [[9, null]],
        );
      }
    });
  });
}
