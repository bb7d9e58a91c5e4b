import { ALICE, BOB, NOW, useDatabases, view } from './__testUtils__/harness';

// The NPS survey: who is asked and when, the answers, and the figures by quarter and team.

describe('DefaultAdoptionService: NPS (directory mocked)', () => {
  const { databases, setup } = useDatabases();

  it.each(databases.eachSupportedId())(
    'asks active users once a quarter, takes one answer, and computes NPS by quarter and team (%s)',
    async databaseId => {
      const service = await setup(databaseId, { nps: { minActiveDays: 2 } });
      expect(await service.survey(ALICE)).toEqual({
        show: false,
        reason: 'not-enough-activity',
      });
      await service.recordEvents(
        { events: [view('2026-12-01', '/a'), view('2026-12-02', '/a')] },
        ALICE,
      );
      expect(await service.survey(ALICE)).toEqual({
        show: true,
        reason: 'eligible',
      });
      const { id } = await service.answer(ALICE, { score: 9, comment: 'good' });
      expect(await service.survey(ALICE)).toEqual({
        show: false,
        reason: 'answered',
      });
      await expect(service.answer(ALICE, { score: 3 })).rejects.toMatchObject({
        name: 'ConflictError',
      });
      await service.answer(BOB, { score: 5 });
      await service.dismiss(BOB);
      expect(await service.survey(BOB)).toEqual({
        show: false,
        reason: 'answered',
      });

      const range = { from: '2026-10-01', to: '2026-12-31' };
      expect(await service.nps(range)).toEqual({
        nps: 0,
        promoters: 1,
        passives: 0,
        detractors: 1,
        answers: 2,
        dismissals: 1,
        trend: [{ period: '2026-Q4', nps: 0, answers: 2 }],
        teams: [
          { teamRef: 'group:default/fleet', nps: -100, answers: 1 },
          { teamRef: 'group:default/payments', nps: 100, answers: 1 },
        ],
      });
      expect((await service.npsComments(range)).comments).toEqual([
        {
          score: 9,
          comment: 'good',
          createdAt: new Date(NOW).toISOString(),
          teamRef: 'group:default/payments',
        },
      ]);
      expect(await service.summary()).toMatchObject({
        quarterNps: 0,
        previousQuarterNps: null,
        npsAnswers: 2,
      });

      await expect(service.deleteAnswer(BOB, id)).rejects.toMatchObject({
        name: 'NotFoundError',
      });
      expect((await service.myAnswers(ALICE)).answers).toEqual([
        {
          id,
          score: 9,
          comment: 'good',
          createdAt: new Date(NOW).toISOString(),
        },
      ]);
      await service.deleteAnswer(ALICE, id);
      expect((await service.myAnswers(ALICE)).answers).toEqual([]);
      expect(await service.survey(ALICE)).toEqual({
        show: true,
        reason: 'eligible',
      });
    },
  );
});
