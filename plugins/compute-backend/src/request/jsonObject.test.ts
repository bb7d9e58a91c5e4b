import { parseJsonObject } from './jsonObject';

describe('parseJsonObject', () => {
  it('takes a JSON object as it is, and refuses anything else', () => {
    const body = { replicas: 2 };
    expect(parseJsonObject(body)).toBe(body);
    expect(parseJsonObject({})).toEqual({});
    for (const bad of [undefined, null, [], [{}], 'x', 3, true]) {
      expect(() => parseJsonObject(bad)).toThrow(/^Send a JSON object$/);
    }
  });
});
