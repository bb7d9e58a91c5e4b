import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { RE2JS } from 're2js';
import {
  OPERATIONS_ANNOTATIONS,
  OPERATIONS_LIMITS,
  type Matcher,
} from '@atrium/plugin-operations-common';

export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MAX_VALUE_LENGTH = 1024;
/** Most annotation texts whose parsed matchers are kept (the oldest is forgotten first). */
const MAX_CACHED_ANNOTATIONS = 1000;

/**
 * The compiled regular expression of each regex matcher, so it is compiled once (when parsed or checked) and
 * the matcher itself stays plain data (it goes into answers and to Alertmanager as JSON). RE2 (re2js), as
 * Alertmanager's Go regexp: linear-time matching whatever the pattern, so a catalog author cannot stall the
 * backend with a catastrophic one, and RE2's syntax: `(?i)` works, backreferences and lookarounds are refused.
 */
const compiled = new WeakMap<Matcher, RE2JS>();

/** RE2's reason without its `error parsing regexp:` prefix. */
function reason(error: unknown): string {
  return String((error as Error)?.message ?? error).replace(
    /^error parsing regexp:\s*/,
    '',
  );
}

/** Compiles a regex matcher's pattern once; `label` names the matcher in the 400 (InputError) when RE2 refuses it. */
function compile(m: Matcher, label: string): Matcher {
  if (m.isRegex && !compiled.has(m)) {
    try {
      compiled.set(m, RE2JS.compile(m.value));
    } catch (error) {
      throw new InputError(
        `${label}: invalid regular expression: ${reason(error)}`,
      );
    }
  }
  return m;
}

/**
 * Parses Alertmanager matchers as its `filter` parameter and amtool write them: `name="value"`, `name!="v"`,
 * `name=~"regex"`, `name!~"regex"`, comma-separated, optionally in braces. Values are double-quoted (with
 * backslash escapes) or bare.
 */
export function parseMatchers(text: string): Matcher[] {
  let s = text.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  const matchers: Matcher[] = [];
  /** Each matcher as written, to name it when its regular expression is refused. */
  const written: string[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new InputError(`Bad matchers ${JSON.stringify(text)}: ${why}`);
  };
  const skipSpace = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  skipSpace();
  while (i < s.length) {
    const start = i;
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
    written.push(s.slice(start, i).trim());
    skipSpace();
    if (i < s.length) {
      if (s[i] !== ',') fail(`expected a comma at ${i}`);
      i++;
      skipSpace();
    }
  }
  if (!matchers.length) fail('no matchers');
  return checkMatchers(matchers, index => written[index]);
}

/**
 * Validates matchers from a request or an annotation and compiles their regular expressions (RE2); at least one
 * must not match the empty string. `describe` names a matcher in errors (as written in an annotation).
 */
export function checkMatchers(
  value: unknown,
  describe?: (index: number) => string,
): Matcher[] {
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
    const matcher: Matcher = {
      name: m.name,
      value: m.value,
      isRegex: m.isRegex,
      isEqual: m.isEqual ?? true,
    };
    return compile(
      matcher,
      describe?.(i) ?? `matchers[${i}] ${formatMatcher(matcher)}`,
    );
  });
  if (matchers.every(m => matches(m, {}))) {
    throw new InputError(
      'At least one matcher must need a label to be present (not match the empty value)',
    );
  }
  return matchers;
}

/**
 * Whether one matcher accepts a label set. Regular expressions match the whole value, as Alertmanager's
 * `^(?:pattern)$` does, with RE2; a matcher not checked before is compiled here once.
 */
export function matches(m: Matcher, labels: Record<string, string>): boolean {
  const value = labels[m.name] ?? '';
  const hit = m.isRegex
    ? compiled.get(compile(m, formatMatcher(m)))!.testExact(value)
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
      return [...parseAnnotation(annotation)];
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

/** Parsed annotation texts: every request reads the entity again, and its matchers are compiled only once. */
const parsedAnnotations = new Map<string, readonly Matcher[]>();

function parseAnnotation(text: string): readonly Matcher[] {
  let matchers = parsedAnnotations.get(text);
  if (!matchers) {
    matchers = Object.freeze(parseMatchers(text).map(m => Object.freeze(m)));
    if (parsedAnnotations.size >= MAX_CACHED_ANNOTATIONS) {
      parsedAnnotations.delete(parsedAnnotations.keys().next().value!);
    }
    parsedAnnotations.set(text, matchers);
  }
  return matchers;
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
