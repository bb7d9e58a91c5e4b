import { InputError } from '@backstage/errors';

/** A request body that must be a JSON object (every POST of the compute API that takes one). */
export function parseJsonObject(body: unknown): Record<string, any> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError('Send a JSON object');
  }
  return body as Record<string, any>;
}
