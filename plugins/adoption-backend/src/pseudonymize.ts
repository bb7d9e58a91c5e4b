import { createHmac } from 'node:crypto';

/**
 * The id an event is stored under: the user's entity ref, or with a secret its HMAC-SHA256 (hex), the same for
 * the same ref so that figures count each user once, but not the ref.
 */
export function userIdFor(userEntityRef: string, secret?: string): string {
  const ref = userEntityRef.toLocaleLowerCase('en-US');
  if (!secret) return ref;
  return createHmac('sha256', secret).update(ref).digest('hex');
}
