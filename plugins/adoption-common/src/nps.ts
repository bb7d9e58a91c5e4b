/** Where an NPS score falls: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export type NpsCategory = 'promoter' | 'passive' | 'detractor';

export function npsCategory(score: number): NpsCategory {
  if (score >= 9) return 'promoter';
  if (score >= 7) return 'passive';
  return 'detractor';
}

/** Counts of answers by category and the Net Promoter Score they make. */
export interface NpsFigures {
  /** % promoters − % detractors, rounded to one decimal; null without answers. */
  nps: number | null;
  promoters: number;
  passives: number;
  detractors: number;
  answers: number;
}

/** The NPS of a set of scores (0–10): % promoters (9–10) − % detractors (0–6), to one decimal. */
export function computeNps(scores: Iterable<number>): NpsFigures {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const score of scores) {
    const category = npsCategory(score);
    if (category === 'promoter') promoters++;
    else if (category === 'passive') passives++;
    else detractors++;
  }
  const answers = promoters + passives + detractors;
  return {
    nps: npsFromCounts(promoters, detractors, answers),
    promoters,
    passives,
    detractors,
    answers,
  };
}

/** The NPS from counts, to one decimal (null without answers). */
export function npsFromCounts(
  promoters: number,
  detractors: number,
  answers: number,
): number | null {
  if (answers === 0) return null;
  const raw = ((promoters - detractors) * 100) / answers;
  // Rounded half away from zero on the decimal, on integers so that 12.25 does not become 12.2 by float error.
  const tenths = Math.round(Math.abs(raw) * 10 + 1e-9) / 10;
  return raw < 0 ? -tenths : tenths;
}
