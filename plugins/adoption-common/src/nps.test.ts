import { computeNps, npsCategory, npsFromCounts } from './nps';

describe('NPS maths', () => {
  it('puts 9–10 in promoters, 7–8 in passives and 0–6 in detractors', () => {
    expect([0, 6, 7, 8, 9, 10].map(npsCategory)).toEqual([
      'detractor',
      'detractor',
      'passive',
      'passive',
      'promoter',
      'promoter',
    ]);
  });

  it('is % promoters − % detractors, to one decimal', () => {
    expect(computeNps([10, 9, 8, 0])).toEqual({
      nps: 25,
      promoters: 2,
      passives: 1,
      detractors: 1,
      answers: 4,
    });
    // 1 promoter, 2 detractors of 3: -33.333… → -33.3
    expect(computeNps([10, 3, 6]).nps).toBe(-33.3);
    // 2 of 3 promoters: 66.666… → 66.7
    expect(computeNps([9, 9, 7]).nps).toBe(66.7);
    expect(npsFromCounts(1, 0, 8)).toBe(12.5);
    expect(computeNps([10]).nps).toBe(100);
    expect(computeNps([0, 1]).nps).toBe(-100);
  });

  it('has no score without answers', () => {
    expect(computeNps([]).nps).toBeNull();
  });
});
