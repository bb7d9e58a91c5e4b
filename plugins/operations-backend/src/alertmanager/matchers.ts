import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  OPERATIONS_ANNOTATIONS,
  OPERATIONS_LIMITS,
  type Matcher,
} from '@atrium/plugin-operations-common';

export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MAX_VALUE_LENGTH = 1024;

/**
 * Parses Alertmanager matchers as its `filter` parameter and amtool write them: `name="value"`, `name!="v"`,
 * `name=~"regex"`, `name!~"regex"`, comma-separated, optionally in braces. Values are double-quoted (with
 * backslash escapes) or bare.
 */
export function parseMatchers(text: string): Matcher[] {
  let s = text.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  const matchers: Matcher[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new InputError(`Bad matchers ${JSON.stringify(text)}: ${why}`);
  };
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  skipSpace();
  while (i < s.length) {
    const name = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(s.slice(i))?.[0];
    if (!name) fail(`expected a label name at ${i}`);
    i += name!.length;
    skipSpace();
    const op = /^(=~|!~|!=|=)/.exec(s.slice(i))?.[0];
    if (!op) fail(`expected =, !=, =~ or !~ after ${name}`);
    i += op!.length;
    skipSpace();
    let value = '';
    if (s[i] === '"') {
      i++;
      let closed = false;
      while (i < s.length) {
        const c = s[i++];
        if (c === '\\' && i < s.length) {
          const n = s[i++];
          value += n === 'n' ? '\n' : n;
        } else if (c === '"') {
          closed = true;
          break;
        } else {
          value += c;
        }
      }
      if (!closed) fail('unterminated quoted value');
    } else {
      const bare = /^[^,]*/.exec(s.slice(i))![0];
      i += bare.length;
      value = bare.trim();
    }
    matchers.push({
      name: name!,
      value,
      isRegex: op!.includes('~'),
      isEqual: !op!.startsWith('!'),
    });
    skipSpace();
    if (i < s.length) {
      if (s[i] !== ',') fail(`expected a comma at ${i}`);
      i++;
      skipSpace();
    }
  }
  if (!matchers.length) fail('no matchers');
  return checkMatchers(matchers);
}

/** Validates matchers from a request or an annotation; at least one must not match the empty string. */
export function checkMatchers(value: unknown): Matcher[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > OPERATIONS_LIMITS.maxMatchers
  ) {
    throw new InputError(
      `matchers must be a list of 1 to ${OPERATIONS_LIMITS.maxMatchers} matchers`,
    );
  }
  const matchers = value.map((m: any, i): Matcher => {
    if (
      !m ||
      typeof m !== 'object' ||
      typeof m.name !== 'string' ||
      !LABEL_NAME.test(m.name) ||
      typeof m.value !== 'string' ||
      m.value.length > MAX_VALUE_LENGTH ||
      typeof m.isRegex !== 'boolean' ||
      (m.isEqual !== undefined && typeof m.isEqual !== 'boolean')
    ) {
      throw new InputError(
        `matchers[${i}] must be { name: a label name, value: a string, isRegex: boolean, isEqual?: boolean }`,
      );
    }
    if (m.isRegex) {
      try {
        new RegExp(m.value); // eslint-disable-line no-new
      } catch {
        throw new InputError(`matchers[${i}] has a bad regular expression`);
      }
    }
    return {
      name: m.name,
      value: m.value,
      isRegex: m.isRegex,
      isEqual: m.isEqual ?? true,
    };
  });
  if (matchers.every(m => matches(m, {}))) {
    throw new InputError(
      'At least one matcher must need a label to be present (not match the empty value)',
    );
  }
  return matchers;
}

/** Whether one matcher accepts a label set. Regular expressions are anchored, as in Alertmanager. */
export function matches(m: Matcher, labels: Record<string, string>): boolean {
  const value = labels[m.name] ?? '';
  const hit = m.isRegex
    ? new RegExp(`^(?:${m.value})$`).test(value)
    : value === m.value;
  return m.isEqual === false ? !hit : hit;
}

export function matchesAll(
  matchers: Matcher[],
  labels: Record<string, string>,
): boolean {
  return matchers.every(m => matches(m, labels));
}

/**
 * The matchers that select a component's alerts: the `atrium.dev/alert-matchers` annotation, else the
 * component label equal to the entity's name.
 */
export function componentMatchers(
  entity: Entity,
  componentLabel: string,
): Matcher[] {
  const annotation =
    entity.metadata.annotations?.[OPERATIONS_ANNOTATIONS.alertMatchers];
  if (annotation !== undefined && annotation.trim() !== '') {
    try {
      return parseMatchers(annotation);
    } catch (error) {
      throw new InputError(
        `${OPERATIONS_ANNOTATIONS.alertMatchers} of ${entity.metadata.name}: ${
          (error as Error).message
        }`,
      );
    }
  }
  return [
    {
      name: componentLabel,
      value: entity.metadata.name,
      isRegex: false,
      isEqual: true,
    },
  ];
}

/** Writes a matcher as Alertmanager's `filter` parameter takes it. */
export function formatMatcher(m: Matcher): string {
  const op = `${m.isEqual === false ? '!' : '='}${m.isRegex ? '~' : ''}`;
  const fixed = op === '!' ? '!=' : op;
  return `${m.name}${fixed}${JSON.stringify(m.value)}`;
}

/** The same matcher twice in a list counts once. */
export function sameMatcher(a: Matcher, b: Matcher): boolean {
  return (
    a.name === b.name &&
    a.value === b.value &&
    a.isRegex === b.isRegex &&
    (a.isEqual ?? true) === (b.isEqual ?? true)
  );
}
