import { InputError } from '@backstage/errors';
import {
  OPERATIONS_LIMITS,
  type Matcher,
} from '@atrium/plugin-operations-common';
import { checkMatchers } from '../alertmanager/matchers';

/** `POST /entities/:namespace/:kind/:name/silences`, checked. */
export interface SilenceRequest {
  /** One alert of the component, exactly its labels; or `matchers`. */
  fingerprint?: string;
  matchers?: Matcher[];
  durationMinutes: number;
  comment: string;
}

/** Checks a silence request: one of fingerprint or matchers, a duration of 1 to 10080 minutes, a comment. */
export function parseSilenceRequest(body: unknown): SilenceRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new InputError('Send a JSON object');
  }
  const { fingerprint, matchers, durationMinutes, comment } = body as Record<
    string,
    unknown
  >;
  if ((fingerprint === undefined) === (matchers === undefined)) {
    throw new InputError('Give either fingerprint (one alert) or matchers');
  }
  if (
    fingerprint !== undefined &&
    (typeof fingerprint !== 'string' || !/^[0-9a-f]{1,64}$/.test(fingerprint))
  ) {
    throw new InputError("fingerprint must be an alert's fingerprint (hex)");
  }
  if (
    typeof durationMinutes !== 'number' ||
    !Number.isInteger(durationMinutes) ||
    durationMinutes < 1 ||
    durationMinutes > OPERATIONS_LIMITS.maxSilenceMinutes
  ) {
    throw new InputError(
      `durationMinutes must be a whole number from 1 to ${OPERATIONS_LIMITS.maxSilenceMinutes}`,
    );
  }
  if (
    typeof comment !== 'string' ||
    comment.trim() === '' ||
    comment.length > OPERATIONS_LIMITS.maxCommentLength
  ) {
    throw new InputError(
      `comment must say why, in 1 to ${OPERATIONS_LIMITS.maxCommentLength} characters`,
    );
  }
  return {
    fingerprint: fingerprint as string | undefined,
    matchers: matchers === undefined ? undefined : checkMatchers(matchers),
    durationMinutes,
    comment: comment.trim(),
  };
}
