import { ResourceType, qualifiedResource } from './types';

/** A Kubernetes `Status` cause, e.g. `{ reason: 'FieldValueRequired', field: 'spec.image', message }`. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

/** An error the HTTP surface renders as a Kubernetes `Status` object. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = 'StatusError';
  }

  toStatus() {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

const details = (type: ResourceType, name?: string): StatusDetails => ({
  ...(name !== undefined ? { name } : {}),
  ...(type.group ? { group: type.group } : {}),
  kind: type.plural,
});

export const notFound = (type: ResourceType, name: string) =>
  new StatusError(
    404,
    'NotFound',
    `${qualifiedResource(type)} "${name}" not found`,
    details(type, name),
  );

export const alreadyExists = (type: ResourceType, name: string) =>
  new StatusError(
    409,
    'AlreadyExists',
    `${qualifiedResource(type)} "${name}" already exists`,
    details(type, name),
  );

export const conflict = (type: ResourceType, name: string) =>
  new StatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(
      type,
    )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    details(type, name),
  );

export const invalid = (
  type: ResourceType,
  name: string,
  causes: StatusCause[],
) => {
  const kind = type.group ? `${type.kind}.${type.group}` : type.kind;
  const summary = causes.map(c =>
    c.field ? `${c.field}: ${c.message}` : c.message,
  );
  const message = `${kind} "${name}" is invalid: ${
    summary.length === 1 ? summary[0] : `[${summary.join(', ')}]`
  }`;
  return new StatusError(422, 'Invalid', message, {
    name,
    ...(type.group ? { group: type.group } : {}),
    kind: type.kind,
    causes,
  });
};

export const badRequest = (message: string) =>
  new StatusError(400, 'BadRequest', message);

export const methodNotAllowed = (method: string) =>
  new StatusError(
    405,
    'MethodNotAllowed',
    `the server does not allow this method on the requested resource (${method})`,
    {},
  );

export const unauthorized = () =>
  new StatusError(401, 'Unauthorized', 'Unauthorized');

export const expired = (message: string) =>
  new StatusError(410, 'Expired', message);

export const pathNotFound = (path: string) =>
  new StatusError(
    404,
    'NotFound',
    `the server could not find the requested resource (${path})`,
    {},
  );
