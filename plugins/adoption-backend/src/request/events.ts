import type { AdoptionEvent } from '@atrium/plugin-adoption-common';
import { DateTime } from 'luxon';

/** An event's place in the batch and why it was refused. */
export interface Rejection {
  index: number;
  message: string;
}

/** The events of one batch that can be stored, and those that cannot. */
export interface ParsedBatch {
  valid: Array<{ index: number; event: AdoptionEvent; ts: number }>;
  rejected: Rejection[];
}

const LIMITS = {
  action: 100,
  subject: 1000,
  pluginId: 100,
  extension: 200,
  routeRef: 200,
  path: 1000,
  entityRef: 512,
  searchTerm: 500,
  attributeKey: 100,
  attributeValue: 500,
  attributes: 30,
} as const;
const CONTEXT_KEYS = [
  'extension',
  'routeRef',
  'path',
  'entityRef',
  'searchTerm',
] as const;
/** Events from the future beyond clock skew are refused: they would count as activity not yet had. */
const MAX_FUTURE_MS = 10 * 60 * 1000;
/** YYYY-MM-DDThh:mm[:ss[.fff]] with Z or an offset. */
const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function text(
  value: unknown,
  name: string,
  max: number,
  required: boolean,
): string | undefined {
  if (value === undefined || value === null) {
    if (required) throw new Error(`${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new Error(`${name} must be a string`);
  if (required && value.length === 0) throw new Error(`${name} is empty`);
  if (value.length > max) {
    throw new Error(`${name} is longer than ${max} characters`);
  }
  return value;
}

/** One event, checked and normalised (unknown fields left out); throws with the reason. */
export function parseEvent(
  raw: unknown,
  now: number,
): { event: AdoptionEvent; ts: number } {
  if (!isObject(raw)) throw new Error('an event must be an object');
  const action = text(raw.action, 'action', LIMITS.action, true)!;
  const subject = text(raw.subject, 'subject', LIMITS.subject, false) ?? '';
  if (!isObject(raw.context)) throw new Error('context is required');
  const context: AdoptionEvent['context'] = {
    pluginId: text(
      raw.context.pluginId,
      'context.pluginId',
      LIMITS.pluginId,
      true,
    )!,
  };
  for (const key of CONTEXT_KEYS) {
    const value = text(raw.context[key], `context.${key}`, LIMITS[key], false);
    if (value !== undefined && value !== '') context[key] = value;
  }
  let attributes: AdoptionEvent['attributes'];
  if (raw.attributes !== undefined && raw.attributes !== null) {
    if (!isObject(raw.attributes))
      throw new Error('attributes must be an object');
    const entries = Object.entries(raw.attributes);
    if (entries.length > LIMITS.attributes) {
      throw new Error(`attributes has more than ${LIMITS.attributes} keys`);
    }
    attributes = {};
    for (const [key, value] of entries) {
      if (key.length > LIMITS.attributeKey) {
        throw new Error(`attribute name "${key.slice(0, 20)}…" is too long`);
      }
      if (typeof value === 'string') {
        if (value.length > LIMITS.attributeValue) {
          throw new Error(
            `attributes.${key} is longer than ${LIMITS.attributeValue} characters`,
          );
        }
      } else if (typeof value === 'number') {
        if (!Number.isFinite(value))
          throw new Error(`attributes.${key} is not a finite number`);
      } else if (typeof value !== 'boolean') {
        throw new Error(
          `attributes.${key} must be a string, number or boolean`,
        );
      }
      attributes[key] = value;
    }
  }
  let value: number | undefined;
  if (raw.value !== undefined && raw.value !== null) {
    if (typeof raw.value !== 'number' || !Number.isFinite(raw.value)) {
      throw new Error('value must be a finite number');
    }
    value = raw.value;
  }
  if (typeof raw.timestamp !== 'string' || !ISO_INSTANT.test(raw.timestamp)) {
    throw new Error('timestamp must be an ISO 8601 date-time with a zone');
  }
  // Luxon refuses dates that do not exist (2026-02-31), which Date.parse would roll over into March.
  const parsed = DateTime.fromISO(raw.timestamp, { setZone: true });
  if (!parsed.isValid) throw new Error('timestamp is not a valid date-time');
  const ts = parsed.toMillis();
  if (ts > now + MAX_FUTURE_MS) throw new Error('timestamp is in the future');
  return {
    event: {
      action,
      subject,
      context,
      ...(attributes ? { attributes } : {}),
      ...(value !== undefined ? { value } : {}),
      timestamp: new Date(ts).toISOString(),
    },
    ts,
  };
}

/**
 * A POST /events body: `{ events: [...] }` with 1 to `maxBatchSize` events. Throws (→ 400, nothing stored) when
 * the body itself is wrong; otherwise answers each event as valid or rejected with its index.
 */
export function parseEventsBatch(
  body: unknown,
  options: { maxBatchSize: number; now?: number },
): ParsedBatch {
  if (!isObject(body) || !Array.isArray(body.events)) {
    throw new Error('the body must be { "events": [ ... ] }');
  }
  if (body.events.length === 0) throw new Error('events is empty');
  if (body.events.length > options.maxBatchSize) {
    throw new Error(
      `at most ${options.maxBatchSize} events a request, got ${body.events.length}`,
    );
  }
  const now = options.now ?? Date.now();
  const result: ParsedBatch = { valid: [], rejected: [] };
  body.events.forEach((raw, index) => {
    try {
      result.valid.push({ index, ...parseEvent(raw, now) });
    } catch (error) {
      result.rejected.push({ index, message: (error as Error).message });
    }
  });
  return result;
}
