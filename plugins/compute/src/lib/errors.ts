import { describeError as describeCallError } from '@atrium/ui';

export const CONFLICT_MESSAGE =
  'Someone changed this App meanwhile; reload and try again';

/** A user-facing message for a failed compute API call; a 409 (the App changed meanwhile) says what to do. */
export const describeError = (error: unknown): string =>
  describeCallError(error, { 409: CONFLICT_MESSAGE });
