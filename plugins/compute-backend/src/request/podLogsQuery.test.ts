import { parsePodLogsQuery } from './podLogsQuery';

describe('parsePodLogsQuery', () => {
  it('takes an optional container name and an optional whole number of lines', () => {
    expect(parsePodLogsQuery({})).toEqual({
      container: undefined,
      tailLines: undefined,
    });
    expect(parsePodLogsQuery({ container: 'app', tailLines: '-1' })).toEqual({
      container: 'app',
      tailLines: -1,
    });
  });

  it('refuses more than one container, a container that is not a name, and lines that are no number', () => {
    expect(() => parsePodLogsQuery({ container: ['a', 'b'] })).toThrow(
      /^container must be one container name$/,
    );
    expect(() => parsePodLogsQuery({ container: 'Not_A_Name' })).toThrow(
      /Not_A_Name/,
    );
    expect(() => parsePodLogsQuery({ tailLines: 'all' })).toThrow(
      /^tailLines must be a whole number$/,
    );
  });
});
