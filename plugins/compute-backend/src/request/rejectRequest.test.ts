import { parseRejectRequest } from './rejectRequest';

describe('parseRejectRequest', () => {
  it('takes an optional comment, trimmed, a blank one as none', () => {
    expect(parseRejectRequest({})).toEqual({ comment: undefined });
    expect(parseRejectRequest({ comment: '  too many replicas ' })).toEqual({
      comment: 'too many replicas',
    });
    expect(parseRejectRequest({ comment: '   ' })).toEqual({
      comment: undefined,
    });
  });

  it('refuses a body that is no JSON object, and a comment that is no text or too long', () => {
    expect(() => parseRejectRequest([])).toThrow(/^Send a JSON object$/);
    for (const comment of [3, ['x'], 'x'.repeat(2001)]) {
      expect(() => parseRejectRequest({ comment })).toThrow(
        /^comment must be text of at most 2000 characters$/,
      );
    }
    expect(
      parseRejectRequest({ comment: 'x'.repeat(2000) }).comment,
    ).toHaveLength(2000);
  });
});
