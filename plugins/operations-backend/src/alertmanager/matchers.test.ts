import type { Entity } from '@backstage/catalog-model';
import {
  checkMatchers,
  componentMatchers,
  formatMatcher,
  matchesAll,
  parseMatchers,
} from './matchers';

const entity = (annotations?: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-gateway', annotations },
});

describe('alert matchers', () => {
  it('select a component by its label by default, by the annotation otherwise', () => {
    expect(componentMatchers(entity(), 'component')).toEqual([
      {
        name: 'component',
        value: 'payments-gateway',
        isRegex: false,
        isEqual: true,
      },
    ]);
    expect(componentMatchers(entity(), 'service')[0].name).toBe('service');
    expect(
      componentMatchers(
        entity({
          'atrium.dev/alert-matchers':
            '{service="payments", env=~"prod|staging", team!="x", job!~"test.*"}',
        }),
        'component',
      ),
    ).toEqual([
      { name: 'service', value: 'payments', isRegex: false, isEqual: true },
      { name: 'env', value: 'prod|staging', isRegex: true, isEqual: true },
      { name: 'team', value: 'x', isRegex: false, isEqual: false },
      { name: 'job', value: 'test.*', isRegex: true, isEqual: false },
    ]);
    expect(() =>
      componentMatchers(
        entity({ 'atrium.dev/alert-matchers': 'service' }),
        'component',
      ),
    ).toThrow(/alert-matchers of payments-gateway/);
  });

  it('parse quoted values with escapes, and bare values', () => {
    expect(parseMatchers('a="x, \\"y\\"", b = plain ')).toEqual([
      { name: 'a', value: 'x, "y"', isRegex: false, isEqual: true },
      { name: 'b', value: 'plain', isRegex: false, isEqual: true },
    ]);
    expect(() => parseMatchers('a="x')).toThrow(/unterminated/);
    expect(() => parseMatchers('a="x" b="y"')).toThrow(/comma/);
    expect(() => parseMatchers('')).toThrow(/no matchers/);
  });

  it('match labels like Alertmanager: anchored regular expressions, absent labels as empty', () => {
    const ms = parseMatchers('env=~"prod|staging", team!="fleet"');
    expect(matchesAll(ms, { env: 'prod' })).toBe(true);
    expect(matchesAll(ms, { env: 'production' })).toBe(false);
    expect(matchesAll(ms, { env: 'staging', team: 'fleet' })).toBe(false);
    expect(matchesAll(ms, {})).toBe(false);
  });

  it('refuse matchers that would match every alert, or are malformed', () => {
    expect(() =>
      checkMatchers([{ name: 'a', value: '.*', isRegex: true }]),
    ).toThrow(/At least one matcher/);
    expect(() =>
      checkMatchers([
        { name: 'a', value: 'x', isRegex: false, isEqual: false },
      ]),
    ).toThrow(/At least one matcher/);
    expect(() => checkMatchers([])).toThrow(/1 to 20/);
    expect(() =>
      checkMatchers([{ name: 'a-b', value: 'x', isRegex: false }]),
    ).toThrow(/matchers\[0\]/);
    expect(() =>
      checkMatchers([{ name: 'a', value: '(', isRegex: true }]),
    ).toThrow(/regular expression/);
  });

  it("write matchers as Alertmanager's filter parameter", () => {
    expect(
      parseMatchers('a="x", b!="y", c=~"z.*", d!~"w\\"q"').map(formatMatcher),
    ).toEqual(['a="x"', 'b!="y"', 'c=~"z.*"', 'd!~"w\\"q"']);
  });
});
