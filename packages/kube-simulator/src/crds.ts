import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { invalid, StatusCause } from './status';
import { KubeObject, ResourceType } from './types';

type Schema = Record<string, any>;

/** A served version of a CustomResourceDefinition, with its validator. */
export interface CustomResource {
  type: ResourceType;
  crd: KubeObject;
  schema: Schema;
  scale?: {
    specReplicasPath: string;
    statusReplicasPath: string;
    labelSelectorPath?: string;
  };
  validate: ValidateFunction;
}

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Turns the OpenAPI v3.0 dialect of CRDs into JSON Schema draft-07 that ajv understands. */
function toJsonSchema(schema: Schema): Schema {
  if (Array.isArray(schema))
    return schema.map(toJsonSchema) as unknown as Schema;
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (
      key.startsWith('x-kubernetes-') ||
      key === 'format' ||
      key === 'description'
    )
      continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v)]),
      );
    } else if (typeof value === 'object') {
      out[key] = toJsonSchema(value);
    } else {
      out[key] = value;
    }
  }
  if (schema.exclusiveMinimum === true) {
    out.exclusiveMinimum = schema.minimum;
    delete out.minimum;
  } else if (schema.exclusiveMinimum === false) delete out.exclusiveMinimum;
  if (schema.exclusiveMaximum === true) {
    out.exclusiveMaximum = schema.maximum;
    delete out.maximum;
  } else if (schema.exclusiveMaximum === false) delete out.exclusiveMaximum;
  if (schema.nullable && typeof schema.type === 'string') {
    out.type = [schema.type, 'null'];
    delete out.nullable;
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return out;
}

/** Removes fields a structural schema does not declare, as the API server prunes them. */
export function prune(
  value: unknown,
  schema: Schema | undefined,
  root = false,
): unknown {
  if (!schema || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return schema.items ? value.map(item => prune(item, schema.items)) : value;
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] && !schema.properties)
    return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // Keys come from the request: an own data property even for "__proto__" (plain assignment would set the
  // prototype), and only the schema's own properties (not "constructor" or "toString" it inherits).
  const set = (key: string, child: unknown) =>
    Object.defineProperty(out, key, {
      value: child,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  for (const [key, child] of Object.entries(obj)) {
    if (
      root &&
      (key === 'apiVersion' || key === 'kind' || key === 'metadata')
    ) {
      set(key, child);
    } else if (schema.properties && Object.hasOwn(schema.properties, key)) {
      set(key, prune(child, schema.properties[key]));
    } else if (
      schema.additionalProperties &&
      typeof schema.additionalProperties === 'object'
    ) {
      set(key, prune(child, schema.additionalProperties));
    } else if (
      schema.additionalProperties === true ||
      schema['x-kubernetes-preserve-unknown-fields']
    ) {
      set(key, child);
    }
  }
  return out;
}

const fieldPath = (instancePath: string) =>
  instancePath
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, s) => {
      if (/^[0-9]+$/.test(s)) return `${acc}[${s}]`;
      return acc ? `${acc}.${s}` : s;
    }, '');

const show = (v: unknown) =>
  typeof v === 'string' ? `"${v}"` : JSON.stringify(v);

function valueAt(object: unknown, instancePath: string): unknown {
  let node: any = object;
  for (const s of instancePath.split('/').slice(1))
    node = node?.[s.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

/** Renders ajv errors as the API server's field causes. */
function causesOf(errors: ErrorObject[], object: unknown): StatusCause[] {
  return errors.map(e => {
    const base = fieldPath(e.instancePath);
    const value = valueAt(object, e.instancePath);
    /** The API server's cause for a value it refuses: the value, then why. */
    const refused = (why: string): StatusCause => ({
      reason: 'FieldValueInvalid',
      field: base,
      message: `Invalid value: ${show(value)}: ${why}`,
    });
    switch (e.keyword) {
      case 'required': {
        const field = base
          ? `${base}.${e.params.missingProperty}`
          : e.params.missingProperty;
        return {
          reason: 'FieldValueRequired',
          field,
          message: 'Required value',
        };
      }
      case 'enum':
        return {
          reason: 'FieldValueNotSupported',
          field: base,
          message: `Unsupported value: ${show(value)}: supported values: ${(
            e.params.allowedValues as unknown[]
          )
            .map(show)
            .join(', ')}`,
        };
      case 'type':
        return {
          reason: 'FieldValueInvalid',
          field: base,
          message: `Invalid value: "${typeof value}": ${base} in body must be of type ${
            e.params.type
          }: "${typeof value}"`,
        };
      case 'minimum':
      case 'exclusiveMinimum':
      case 'maximum':
      case 'exclusiveMaximum': {
        const than = /minimum$/i.test(e.keyword) ? 'greater' : 'less';
        const orEqual = e.keyword.startsWith('exclusive') ? '' : 'or equal to ';
        return refused(
          `${base} in body should be ${than} than ${orEqual}${e.params.limit}`,
        );
      }
      case 'pattern':
        return refused(`${base} in body should match '${e.params.pattern}'`);
      case 'maxItems':
        return {
          reason: 'FieldValueTooMany',
          field: base,
          message: `Too many: ${
            (value as unknown[]).length
          }: must have at most ${e.params.limit} items`,
        };
      case 'minLength':
        return refused(
          `${base} in body should be at least ${e.params.limit} chars long`,
        );
      default:
        return refused(e.message ?? 'invalid');
    }
  });
}

/** Checks `metadata.name` and the schema; throws a 422 `Invalid` Status. */
export function validateCustomResource(
  resource: CustomResource,
  object: KubeObject,
): void {
  const name = object.metadata?.name ?? '';
  const causes: StatusCause[] = [];
  if (!name) {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  } else if (!RFC1123_LABEL.test(name)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    });
  }
  if (!resource.validate(object))
    causes.push(...causesOf(resource.validate.errors ?? [], object));
  if (causes.length > 0) throw invalid(resource.type, name, causes);
}

/** Loads the CustomResourceDefinitions in a folder (`*.yaml`, multi-document allowed). */
export function loadCrds(dir: string): CustomResource[] {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    validateFormats: false,
  });
  const resources: CustomResource[] = [];
  const files = fs
    .readdirSync(dir)
    .filter(f => /\.ya?ml$/.test(f))
    .sort();
  for (const file of files) {
    for (const doc of parseAllDocuments(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    )) {
      const crd = doc.toJS() as KubeObject & { spec?: any };
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const { group, names, scope, versions } = crd.spec;
      for (const version of versions as any[]) {
        if (version.served === false) continue;
        const schema = version.schema?.openAPIV3Schema ?? {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
        };
        const scale = version.subresources?.scale;
        resources.push({
          crd,
          schema,
          scale,
          validate: ajv.compile(toJsonSchema(schema)),
          type: {
            group,
            version: version.name,
            plural: names.plural,
            singular: names.singular ?? names.kind.toLowerCase(),
            kind: names.kind,
            namespaced: scope === 'Namespaced',
            shortNames: names.shortNames,
            verbs: [
              'create',
              'delete',
              'deletecollection',
              'get',
              'list',
              'patch',
              'update',
              'watch',
            ],
            subresources: {
              status: version.subresources?.status !== undefined,
              scale: scale !== undefined,
            },
          },
        });
      }
    }
  }
  return resources;
}
