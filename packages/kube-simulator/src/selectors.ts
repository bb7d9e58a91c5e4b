import { badRequest } from './status';
import { KubeObject } from './types';

/** One requirement of a label selector, e.g. `tier in (a,b)`. */
export type LabelRequirement =
  | { key: string; op: 'exists' | 'notExists' }
  | { key: string; op: 'in' | 'notIn'; values: string[] };

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(input: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of input) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(p => p.length > 0);
}

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const VALUE = String.raw`[-A-Za-z0-9_.]*`;
const SET_RE = new RegExp(`^(${KEY})\\s+(in|notin)\\s+\\(([^)]*)\\)$`);
const EQ_RE = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const EXISTS_RE = new RegExp(`^(!?)\\s*(${KEY})$`);
const VALUE_RE = new RegExp(`^${VALUE}$`);

/** Parses a Kubernetes label selector (`a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`). */
export function parseLabelSelector(
  selector: string | undefined | null,
): LabelRequirement[] {
  if (!selector) return [];
  return splitTopLevel(selector).map(part => {
    let m = SET_RE.exec(part);
    if (m) {
      const values = m[3]
        .split(',')
        .map(v => v.trim())
        .filter(v => v.length > 0);
      if (!values.every(v => VALUE_RE.test(v)))
        throw badRequest(
          `unable to parse requirement: invalid label selector "${selector}"`,
        );
      return { key: m[1], op: m[2] === 'in' ? 'in' : 'notIn', values };
    }
    m = EQ_RE.exec(part);
    if (m) {
      return { key: m[1], op: m[2] === '!=' ? 'notIn' : 'in', values: [m[3]] };
    }
    m = EXISTS_RE.exec(part);
    if (m) {
      return { key: m[2], op: m[1] ? 'notExists' : 'exists' };
    }
    throw badRequest(
      `unable to parse requirement: invalid label selector "${selector}"`,
    );
  });
}

export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'notExists':
        return !has;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notIn':
        return !has || !r.values.includes(l[r.key]);
      default:
        return false;
    }
  });
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/**
 * Fields every list supports, plus the ones events and pods support as in Kubernetes. A Map, not an object
 * literal: the field comes from the request, and `__proto__`, `constructor` or `toString` must be unknown
 * fields (400), not members every object inherits.
 */
const FIELD_GETTERS: ReadonlyMap<string, (o: KubeObject) => unknown> = new Map<
  string,
  (o: KubeObject) => unknown
>([
  ['metadata.name', o => o.metadata.name],
  ['metadata.namespace', o => o.metadata.namespace ?? ''],
  ['involvedObject.name', o => (o.involvedObject as any)?.name],
  ['involvedObject.kind', o => (o.involvedObject as any)?.kind],
  ['involvedObject.namespace', o => (o.involvedObject as any)?.namespace],
  ['involvedObject.uid', o => (o.involvedObject as any)?.uid],
  ['involvedObject.apiVersion', o => (o.involvedObject as any)?.apiVersion],
  ['reason', o => o.reason],
  ['type', o => o.type],
  ['spec.nodeName', o => (o.spec as any)?.nodeName],
  ['status.phase', o => (o.status as any)?.phase],
]);

export function parseFieldSelector(
  selector: string | undefined | null,
): FieldRequirement[] {
  if (!selector) return [];
  return selector
    .split(',')
    .map(p => p.trim())
    .filter(p => p.length > 0)
    .map(part => {
      const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
      if (!m)
        throw badRequest(
          `invalid selector: '${selector}'; can't understand '${part}'`,
        );
      if (!FIELD_GETTERS.has(m[1])) {
        throw badRequest(
          `"${m[1]}" is not a known field selector: only "${[
            ...FIELD_GETTERS.keys(),
          ].join('", "')}"`,
        );
      }
      return { field: m[1], op: m[2] === '!=' ? '!=' : '=', value: m[3] };
    });
}

export function matchesFields(
  requirements: FieldRequirement[],
  object: KubeObject,
): boolean {
  return requirements.every(r => {
    const getter = FIELD_GETTERS.get(r.field);
    if (!getter) throw badRequest(`"${r.field}" is not a known field selector`);
    const raw = getter(object);
    const actual = raw === undefined || raw === null ? '' : String(raw);
    return r.op === '=' ? actual === r.value : actual !== r.value;
  });
}

/** A parsed `labelSelector` + `fieldSelector` pair. */
export interface Selector {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
}

export const parseSelector = (
  labelSelector?: string | null,
  fieldSelector?: string | null,
): Selector => ({
  labels: parseLabelSelector(labelSelector),
  fields: parseFieldSelector(fieldSelector),
});

export const matchesSelector = (selector: Selector, object: KubeObject) =>
  matchesLabels(selector.labels, object.metadata.labels) &&
  matchesFields(selector.fields, object);
