import { parseSilenceRequest } from './silenceRequest';

describe('parseSilenceRequest', () => {
  it('takes one of fingerprint or matchers, a duration and a comment, and refuses the rest', () => {
    const ok = { fingerprint: 'aa01', durationMinutes: 60, comment: 'why' };
    expect(parseSilenceRequest(ok)).toEqual(ok);
    const bad: Array<[unknown, RegExp]> = [
      [[], /JSON object/],
      [null, /JSON object/],
      [{ durationMinutes: 5, comment: 'x' }, /either fingerprint/],
      [
        { ...ok, matchers: [{ name: 'a', value: 'b', isRegex: false }] },
        /either fingerprint/,
      ],
      [{ ...ok, fingerprint: 'not hex!' }, /fingerprint/],
      [{ ...ok, durationMinutes: 0 }, /1 to 10080/],
      [{ ...ok, durationMinutes: 10081 }, /1 to 10080/],
      [{ ...ok, durationMinutes: 1.5 }, /1 to 10080/],
      [{ ...ok, durationMinutes: '60' }, /1 to 10080/],
      [{ ...ok, comment: '  ' }, /comment/],
      [{ ...ok, comment: 'x'.repeat(1001) }, /comment/],
      [
        { durationMinutes: 5, comment: 'x', matchers: 'a="b"' },
        /matchers must be a list/,
      ],
    ];
    for (const [body, message] of bad) {
      expect(() => parseSilenceRequest(body)).toThrow(message);
    }
  });
});
