import { InputError } from '@backstage/errors';
import { parseJsonObject } from './jsonObject';

/** Longest comment a rejection takes. */
export const MAX_COMMENT = 2000;

/** `POST /approvals/:id/reject`: a JSON object with an optional `comment`, trimmed (blank is none). */
export function parseRejectRequest(body: unknown): { comment?: string } {
  const comment = parseJsonObject(body).comment as unknown;
  if (
    comment !== undefined &&
    (typeof comment !== 'string' || comment.length > MAX_COMMENT)
  ) {
    throw new InputError(
      `comment must be text of at most ${MAX_COMMENT} characters`,
    );
  }
  return { comment: comment?.trim() || undefined };
}
