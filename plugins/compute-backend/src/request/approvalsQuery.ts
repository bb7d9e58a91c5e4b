import { InputError } from '@backstage/errors';

/** `GET /approvals`' query: `awaiting=me` (requests the caller may decide), `requestedBy=me`, or both. */
export function parseApprovalsQuery(query: Record<string, unknown>): {
  awaiting?: 'me';
  requestedBy?: 'me';
} {
  const { awaiting, requestedBy } = query;
  for (const [name, value] of Object.entries({ awaiting, requestedBy })) {
    if (value !== undefined && value !== 'me') {
      throw new InputError(`${name} may only be "me"`);
    }
  }
  if (awaiting === undefined && requestedBy === undefined) {
    throw new InputError('Ask for awaiting=me or requestedBy=me');
  }
  return {
    awaiting: awaiting as 'me' | undefined,
    requestedBy: requestedBy as 'me' | undefined,
  };
}
