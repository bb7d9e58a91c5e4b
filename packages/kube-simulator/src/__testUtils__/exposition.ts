/** The Prometheus text format, read strictly, for the simulator's metrics tests. */
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/;
const LABEL_PAIR = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * Reads the Prometheus text format strictly: every sample line well-formed, and every sample under the HELP and
 * TYPE of its family (a histogram's `_bucket`, `_sum` and `_count` under the histogram's name).
 */
export function parseExposition(text: string) {
  const types = new Map<string, string>();
  const samples: ParsedSample[] = [];
  let family = '';
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.trimEnd().split('\n')) {
    const type = /^# TYPE (\S+) (counter|gauge|histogram)$/.exec(line);
    if (type) {
      expect(types.has(type[1])).toBe(false);
      types.set(type[1], type[2]);
      family = type[1];
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const match = SAMPLE_LINE.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const base = match[1].replace(/_(bucket|sum|count)$/, '');
    expect([match[1], family]).toEqual([
      match[1],
      types.get(family) === 'histogram' ? base : match[1],
    ]);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (match[2] ?? '').matchAll(LABEL_PAIR)) {
      labels[k] = v.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return { types, samples };
}

/** The sum of the samples of `name` whose labels include `labels`. */
export const total = (
  samples: ParsedSample[],
  name: string,
  labels: Record<string, string> = {},
) =>
  samples
    .filter(
      s =>
        s.name === name &&
        Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    )
    .reduce((sum, s) => sum + s.value, 0);
