import { InputError } from '@backstage/errors';
import type { NpsAnswerRequest } from '@atrium/plugin-adoption-common';

export const MAX_COMMENT_LENGTH = 2000;

/** `{ score: 0..10 integer, comment?: string up to 2000 characters }`; an empty comment is none. */
export function parseNpsAnswer(body: unknown): NpsAnswerRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b !== 'object' || Array.isArray(b)) {
    throw new InputError(
      'the body must be { "score": 0..10, "comment"?: "…" }',
    );
  }
  const score = b.score;
  if (
    typeof score !== 'number' ||
    !Number.isInteger(score) ||
    score < 0 ||
    score > 10
  ) {
    throw new InputError('score must be a whole number from 0 to 10');
  }
  if (b.comment === undefined || b.comment === null) return { score };
  if (typeof b.comment !== 'string')
    throw new InputError('comment must be a string');
  if (b.comment.length > MAX_COMMENT_LENGTH) {
    throw new InputError(
      `comment is longer than ${MAX_COMMENT_LENGTH} characters`,
    );
  }
  const comment = b.comment.trim();
  return comment ? { score, comment } : { score };
}
