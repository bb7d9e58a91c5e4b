import { InputError } from '@backstage/errors';
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
} from 'node:crypto';

/**
 * Where a page starts: a phase of the list (`a`: the entities that have the sort field, in its order; `b`: those
 * without it, by name), the catalog's own cursor in that phase (none: the phase's start), and whether that
 * cursor walks the phase backwards (`inv`: it was made from the phase's end, by the reversed order).
 */
export interface PagePosition {
  p: 'a' | 'b';
  c?: string;
  inv?: true;
}

interface Sealed extends PagePosition {
  /** What the cursor is bound to: the caller, the filter and the sort (a hash of them). */
  b: string;
}

/**
 * The gateway's opaque cursors: a page position sealed with AES-256-GCM (Node's crypto), bound to the caller,
 * the filter and the sort. Sealed, because the catalog's cursor inside holds the filter as the catalog ran it
 * (the caller's ownership refs, starred entities, the uids a text matched), which is no one else's to read;
 * and authenticated, so a cursor the gateway did not issue, or one issued for another caller, filter or sort,
 * is refused with an InputError (BAD_USER_INPUT) rather than run.
 *
 * The key comes from the secret `catalogListCursorSecret` (config.ts) finds: `graphql.catalogList.cursorSecret`,
 * or one derived from `auth.session.secret`, which replicas share, so a cursor issued by one is taken by another.
 * Without a secret (development only) it is random per process (a restart then refuses older cursors, and the
 * page starts over from the first page).
 */
export class CursorCodec {
  readonly #key: Buffer;

  constructor(secret?: string) {
    this.#key = secret
      ? createHash('sha256').update(`atrium-catalog-list:${secret}`).digest()
      : randomBytes(32);
  }

  /** The binding of a cursor: what must be the same for it to be taken. */
  static binding(parts: unknown): string {
    return createHash('sha256')
      .update(JSON.stringify(parts))
      .digest('base64url');
  }

  seal(position: PagePosition, binding: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const sealed: Sealed = { ...position, b: binding };
    const body = Buffer.concat([
      cipher.update(JSON.stringify(sealed), 'utf8'),
      cipher.final(),
    ]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  open(cursor: string, binding: string): PagePosition {
    let sealed: Sealed;
    try {
      const raw = Buffer.from(cursor, 'base64url');
      if (raw.length < 29 || cursor.length > 16_384) throw new Error('size');
      const decipher = createDecipheriv(
        'aes-256-gcm',
        this.#key,
        raw.subarray(0, 12),
      );
      decipher.setAuthTag(raw.subarray(12, 28));
      sealed = JSON.parse(
        Buffer.concat([
          decipher.update(raw.subarray(28)),
          decipher.final(),
        ]).toString('utf8'),
      );
    } catch {
      throw new InputError('after: not a cursor this gateway issued');
    }
    if (sealed.b !== binding) {
      throw new InputError(
        'after: the cursor was issued for another filter or sort (start again from the first page)',
      );
    }
    const { p, c, inv } = sealed;
    return { p, ...(c ? { c } : {}), ...(inv ? { inv } : {}) };
  }
}
