import { badRequest, StatusError } from './status';

type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: Json;
}

const parsePointer = (pointer: string): string[] => {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw badRequest(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
};

const unprocessable = (message: string) =>
  new StatusError(422, 'Invalid', message);

function parentOf(doc: Json, tokens: string[], op: string): [Json, string] {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = node[token];
    else node = undefined;
    if (node === undefined) {
      throw unprocessable(
        `${op} operation does not apply: doc is missing path: /${tokens.join(
          '/',
        )}`,
      );
    }
  }
  return [node, tokens[tokens.length - 1]];
}

function getAt(doc: Json, pointer: string): Json {
  let node = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = node[token];
    else return undefined;
  }
  return node;
}

function removeAt(doc: Json, tokens: string[], op: string): Json {
  const [parent, last] = parentOf(doc, tokens, op);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!(i >= 0 && i < parent.length))
      throw unprocessable(
        `${op} operation does not apply: doc is missing path: /${tokens.join(
          '/',
        )}`,
      );
    return parent.splice(i, 1)[0];
  }
  if (isObject(parent) && last in parent) {
    const value = parent[last];
    delete parent[last];
    return value;
  }
  throw unprocessable(
    `${op} operation does not apply: doc is missing path: /${tokens.join('/')}`,
  );
}

function addAt(
  doc: Json,
  tokens: string[],
  value: Json,
  replace: boolean,
  op: string,
): Json {
  if (tokens.length === 0) return value;
  const [parent, last] = parentOf(doc, tokens, op);
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!(i >= 0 && i <= parent.length))
      throw unprocessable(
        `${op} operation does not apply: index out of range: /${tokens.join(
          '/',
        )}`,
      );
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
  } else if (isObject(parent)) {
    if (replace && !(last in parent)) {
      throw unprocessable(
        `replace operation does not apply: doc is missing key: /${tokens.join(
          '/',
        )}`,
      );
    }
    parent[last] = value;
  } else {
    throw unprocessable(
      `${op} operation does not apply: doc is missing path: /${tokens.join(
        '/',
      )}`,
    );
  }
  return doc;
}

/** RFC 6902 JSON patch. */
export function applyJsonPatch(target: Json, patch: Json): Json {
  if (!Array.isArray(patch))
    throw badRequest(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  let doc = structuredClone(target);
  for (const raw of patch as JsonPatchOp[]) {
    const tokens = parsePointer(raw.path);
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, tokens, structuredClone(raw.value), false, 'add');
        break;
      case 'replace':
        doc =
          tokens.length === 0
            ? structuredClone(raw.value)
            : addAt(doc, tokens, structuredClone(raw.value), true, 'replace');
        break;
      case 'remove':
        removeAt(doc, tokens, 'remove');
        break;
      case 'move': {
        const value = removeAt(doc, parsePointer(raw.from ?? ''), 'move');
        doc = addAt(doc, tokens, value, false, 'move');
        break;
      }
      case 'copy':
        doc = addAt(
          doc,
          tokens,
          structuredClone(getAt(doc, raw.from ?? '')),
          false,
          'copy',
        );
        break;
      case 'test':
        if (
          JSON.stringify(getAt(doc, raw.path)) !== JSON.stringify(raw.value)
        ) {
          throw unprocessable(`testing value ${raw.path} failed`);
        }
        break;
      default:
        throw badRequest(`Unexpected kind: ${(raw as { op: string }).op}`);
    }
  }
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
