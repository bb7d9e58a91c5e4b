import { parseApprovalsQuery } from './approvalsQuery';

describe('parseApprovalsQuery', () => {
  it('takes awaiting=me, requestedBy=me, or both', () => {
    expect(parseApprovalsQuery({ awaiting: 'me' })).toEqual({
      awaiting: 'me',
      requestedBy: undefined,
    });
    expect(parseApprovalsQuery({ awaiting: 'me', requestedBy: 'me' })).toEqual({
      awaiting: 'me',
      requestedBy: 'me',
    });
  });

  it('refuses anyone but me, and a query that asks for neither', () => {
    expect(() => parseApprovalsQuery({ awaiting: 'bob' })).toThrow(
      /^awaiting may only be "me"$/,
    );
    expect(() => parseApprovalsQuery({ requestedBy: ['me', 'me'] })).toThrow(
      /^requestedBy may only be "me"$/,
    );
    expect(() => parseApprovalsQuery({})).toThrow(
      /^Ask for awaiting=me or requestedBy=me$/,
    );
  });
});
