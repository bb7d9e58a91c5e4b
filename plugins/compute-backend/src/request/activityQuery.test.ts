import { parseActivityQuery } from './activityQuery';

describe('parseActivityQuery', () => {
  it('defaults to the newest 50, and takes a limit and an id to continue before', () => {
    expect(parseActivityQuery({})).toEqual({ limit: 50, before: undefined });
    expect(parseActivityQuery({ limit: '500', before: '42' })).toEqual({
      limit: 500,
      before: 42,
    });
  });

  it('refuses a limit outside 1 to 500 and a before that is not an id', () => {
    expect(() => parseActivityQuery({ limit: '0' })).toThrow(
      /^limit must be a whole number from 1 to 500$/,
    );
    expect(() => parseActivityQuery({ limit: '501' })).toThrow(/limit/);
    expect(() => parseActivityQuery({ before: '0' })).toThrow(
      /^before must be a whole number from 1 to 9007199254740991$/,
    );
    expect(() => parseActivityQuery({ before: 'abc' })).toThrow(/before/);
  });
});
