/** The chart height every Insights section uses. */
export const CHART_HEIGHT = 220;

/** The range every Insights section reads: ISO dates. */
export type Query = { from: string; to: string };
