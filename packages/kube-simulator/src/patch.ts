import {
  applyOperation,
  JsonPatchError,
  type Operation,
} from 'fast-json-patch';
import { badRequest, StatusError } from './status';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Keys that reach an object's prototype in JavaScript. A patch naming one could change `Object.prototype` of
 * the whole process that hosts the simulator, so any patch with one, anywhere, is refused before it is applied.
 */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

const escapeToken = (key: string) =>
  key.replace(/~/g, '~0').replace(/\//g, '~1');

/** 422 Invalid naming the JSON pointer of the refused key, as Kubernetes names a forbidden field. */
const prototypeKey = (pointer: string) =>
  new StatusError(
    422,
    'Invalid',
    `the patch is invalid: ${pointer}: "__proto__", "constructor" and "prototype" may not be used as keys`,
    {
      causes: [
        {
          reason: 'FieldValueForbidden',
          field: pointer,
          message: 'a prototype key may not be used as a key',
        },
      ],
    },
  );

/**
 * Refuses a prototype key anywhere inside a JSON value (a merge patch, or a JSON patch's value). An explicit
 * stack instead of recursion: the body may be nested as deep as its 3 MiB allow, and the walk visits each
 * value once.
 */
function refusePrototypeKeys(value: Json, base: string) {
  const stack: Array<[Json, string]> = [[value, base]];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop()!;
    if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push([item, `${pointer}/${i}`]));
    } else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        const childPointer = `${pointer}/${escapeToken(key)}`;
        if (PROTOTYPE_KEYS.has(key)) throw prototypeKey(childPointer);
        stack.push([child, childPointer]);
      }
    }
  }
}

/** RFC 7386 JSON merge patch. Refuses prototype keys (422) before it changes anything. */
export function applyMergePatch(target: Json, patch: Json): Json {
  refusePrototypeKeys(patch, '');
  return mergeInto(target, patch);
}

function mergeInto(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else
      result[key] = mergeInto(
        Object.hasOwn(result, key) ? result[key] : undefined,
        value,
      );
  }
  return result;
}

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** The unescaped tokens of a JSON pointer (RFC 6901); 400 for one that does not start with "/". */
function parsePointer(pointer: unknown): string[] {
  if (pointer === '') return [];
  if (typeof pointer !== 'string' || !pointer.startsWith('/'))
    throw badRequest(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Whether a pointer names a value the document holds itself (own keys, array indexes in range). */
function holds(doc: Json, tokens: string[]): boolean {
  let node = doc;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) >= node.length)
        return false;
      node = node[Number(token)];
    } else if (isObject(node) && Object.hasOwn(node, token)) {
      node = node[token];
    } else {
      return false;
    }
  }
  return true;
}

const invalid = (message: string) => new StatusError(422, 'Invalid', message);

/** Checks one operation's shape (400) and keys (422), as the API server decodes a patch before applying it. */
function checkOperation(raw: Json, index: number): Operation {
  if (!isObject(raw))
    throw badRequest(`operation ${index} of the JSON patch is not an object`);
  if (typeof raw.op !== 'string' || !OPS.has(raw.op))
    throw badRequest(`Unexpected kind: ${String(raw.op)}`);
  const pointers: string[] = [raw.path as string];
  if (raw.op === 'move' || raw.op === 'copy') pointers.push(raw.from as string);
  for (const pointer of pointers) {
    if (parsePointer(pointer).some(token => PROTOTYPE_KEYS.has(token)))
      throw prototypeKey(pointer);
  }
  if (raw.op === 'add' || raw.op === 'replace' || raw.op === 'test') {
    if (raw.value === undefined)
      throw invalid(`${raw.op} operation has no value: ${raw.path}`);
    refusePrototypeKeys(raw.value, raw.path as string);
  }
  return raw as unknown as Operation;
}

/** Kubernetes' messages for what fast-json-patch refuses while applying. */
function applyError(error: unknown, op: Operation): StatusError {
  if (!(error instanceof JsonPatchError)) {
    return invalid(`${op.op} operation does not apply: ${String(error)}`);
  }
  switch (error.name) {
    case 'TEST_OPERATION_FAILED':
      return invalid(`testing value ${op.path} failed`);
    case 'OPERATION_FROM_UNRESOLVABLE':
      return invalid(
        `${op.op} operation does not apply: doc is missing from path: ${
          (op as { from: string }).from
        }`,
      );
    case 'OPERATION_VALUE_OUT_OF_BOUNDS':
    case 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX':
      return invalid(
        `${op.op} operation does not apply: index out of range: ${op.path}`,
      );
    case 'OPERATION_PATH_UNRESOLVABLE':
      if (op.op === 'replace')
        return invalid(
          `replace operation does not apply: doc is missing key: ${op.path}`,
        );
      return invalid(
        `${op.op} operation does not apply: doc is missing path: ${op.path}`,
      );
    default:
      return invalid(
        `${op.op} operation does not apply: doc is missing path: ${op.path}`,
      );
  }
}

/**
 * RFC 6902 JSON patch through fast-json-patch (which also refuses prototype paths itself). Kubernetes'
 * semantics: a remove, replace, move or copy needs a value the document holds itself, not one it inherits;
 * errors are Status objects (400 for a malformed patch, 422 for one that does not apply).
 */
export function applyJsonPatch(target: Json, patch: Json): Json {
  if (!Array.isArray(patch))
    throw badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  const ops = patch.map(checkOperation);
  let doc = structuredClone(target);
  ops.forEach((op, index) => {
    if (op.op === 'remove' || op.op === 'replace') {
      if (!holds(doc, parsePointer(op.path)))
        throw applyError(
          new JsonPatchError('missing', 'OPERATION_PATH_UNRESOLVABLE'),
          op,
        );
    }
    if (op.op === 'move' || op.op === 'copy') {
      if (!holds(doc, parsePointer(op.from)))
        throw applyError(
          new JsonPatchError('missing', 'OPERATION_FROM_UNRESOLVABLE'),
          op,
        );
    }
    try {
      // Validated, on the copy made above, refusing prototype modifications.
      doc = applyOperation(doc, op, true, true, true, index).newDocument;
    } catch (error) {
      throw applyError(error, op);
    }
  });
  return doc;
}

export const PATCH_TYPES = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/** Applies a PATCH body according to its content type; strategic merge is treated as a merge patch. */
export function applyPatch(
  contentType: string,
  target: Json,
  patch: Json,
): Json {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === PATCH_TYPES.json) return applyJsonPatch(target, patch);
  if (type === PATCH_TYPES.merge || type === PATCH_TYPES.strategic)
    return applyMergePatch(target, patch);
  throw new StatusError(
    415,
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.json}, ${PATCH_TYPES.merge}, ${PATCH_TYPES.strategic}`,
  );
}
