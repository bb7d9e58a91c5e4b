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

  it('match with RE2 in linear time: a catastrophic pattern on a non-matching value answers at once', () => {
    // JavaScript's backtracking RegExp took 1.2 to 2.8 s for this on the 2-core build machine, doubling with each
    // further a (11 s with two more); bounded here so that a regression fails rather than hangs.
    const [m] = parseMatchers('service=~"(a+)+$"');
    const value = `${'a'.repeat(26)}b`;
    const started = performance.now();
    expect(matchesAll([m], { service: value })).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
    expect(matchesAll([m], { service: 'a'.repeat(100_000) })).toBe(true);
    expect(matchesAll([m], { service: `${'a'.repeat(100_000)}b` })).toBe(false);
  });

  it('take RE2 syntax as Alertmanager does: (?i) works, backreferences and lookarounds are refused by name', () => {
    const ms = parseMatchers('service=~"(?i)PAYMENTS|ledger"');
    expect(matchesAll(ms, { service: 'payments' })).toBe(true);
    expect(matchesAll(ms, { service: 'Ledger' })).toBe(true);
    expect(matchesAll(ms, { service: 'payments-gateway' })).toBe(false);
    const exact = parseMatchers('service=~"PAYMENTS"');
    expect(matchesAll(exact, { service: 'payments' })).toBe(false);
    expect(() =>
      componentMatchers(
        entity({
          // As written in YAML: service=~"(a)\\1", the pattern (a)\1.
          'atrium.dev/alert-matchers': 'env="prod", service=~"(a)\\\\1"',
        }),
        'component',
      ),
    ).toThrow(
      /^atrium\.dev\/alert-matchers of payments-gateway: service=~"\(a\)\\\\1": invalid regular expression: invalid escape sequence/,
    );
    expect(() => parseMatchers('service=~"(?=x)x"')).toThrow(
      /^service=~"\(\?=x\)x": invalid regular expression: invalid or unsupported Perl syntax/,
    );
    expect(() =>
      checkMatchers([
        { name: 'a', value: 'x', isRegex: false },
        { name: 'b', value: '(?<!y)z', isRegex: true },
      ]),
    ).toThrow(/^matchers\[1\] b=~"\(\?<!y\)z": invalid regular expression/);
  });

  it('parse and compile an annotation once, whatever the number of reads', () => {
    const annotated = entity({
      'atrium.dev/alert-matchers': 'service=~"pay.*", env="prod"',
    });
    const first = componentMatchers(annotated, 'component');
    const second = componentMatchers(annotated, 'component');
    expect(second).toEqual(first);
    expect(second[0]).toBe(first[0]);
    expect(Object.isFrozen(first[0])).toBe(true);
    second.push({ name: 'x', value: 'y', isRegex: false });
    expect(componentMatchers(annotated, 'component')).toHaveLength(2);
  });

  it("write matchers as Alertmanager's filter parameter", () => {
    expect(
      parseMatchers('a="x", b!="y", c=~"z.*", d!~"w\\"q"').map(formatMatcher),
    ).toEqual(['a="x"', 'b!="y"', 'c=~"z.*"', 'd!~"w\\"q"']);
  });
});
