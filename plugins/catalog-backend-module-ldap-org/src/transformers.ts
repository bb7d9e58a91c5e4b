import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  defaultGroupTransformer,
  defaultUserTransformer,
  type GroupTransformer,
  type UserTransformer,
} from '@backstage/plugin-catalog-backend-module-ldap';
import type { Entry } from 'ldapts';
import { normalizeDn } from './dn';

/** Photos above this size (raw bytes) give no picture: a data URL rides along in every read of the user. */
export const DEFAULT_MAX_PICTURE_BYTES = 64 * 1024;

type EntryValue = Entry[string];

/** The entry's attribute names that match `name` case-insensitively (servers may differ in case). */
function keysFor(entry: Entry, name: string): string[] {
  const wanted = name.toLowerCase();
  return Object.keys(entry).filter(k => k.toLowerCase() === wanted);
}

const asText = (v: string | Buffer) =>
  typeof v === 'string' ? v : v.toString('utf8');

/**
 * Rewrites, in place, the DN-valued attributes `names` of an LDAP entry to their canonical form (see
 * `normalizeDn`). In place, because Backstage's LDAP readers take an entry's own DN and its `member`/`memberOf`
 * references from the very entry object they gave the transformer, after it returns: so DNs that are spelled
 * differently by the server (e.g. `\2C` in `entryDN`, `\,` in `member`) meet in one spelling.
 */
export function normalizeEntryDns(
  entry: Entry,
  names: Array<string | null | undefined>,
): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (!name) continue;
    for (const key of keysFor(entry, name)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const value: EntryValue = entry[key];
      if (Array.isArray(value)) {
        entry[key] = (value as Array<string | Buffer>).map(v =>
          normalizeDn(asText(v)),
        );
      } else if (value !== undefined && value !== null) {
        entry[key] = normalizeDn(asText(value));
      }
    }
  }
}

/** The image type of a photo from its first bytes; only the formats browsers show everywhere. */
function imageType(bytes: Buffer): string | undefined {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    return 'image/jpeg';
  }
  if (
    bytes.length > 8 &&
    bytes.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))
  ) {
    return 'image/png'; // some directories keep PNGs in jpegPhoto
  }
  return undefined;
}

/**
 * A `data:` URL for the entry's `jpegPhoto` (its first value), or undefined when there is none, it is larger
 * than `maxBytes`, or it is not an image. ldapts hands binary values as Buffers (they are not valid UTF-8); a
 * value that did decode as UTF-8 comes as a string, whose UTF-8 bytes are the original ones.
 */
export function photoDataUrl(
  entry: Entry,
  maxBytes: number = DEFAULT_MAX_PICTURE_BYTES,
): string | undefined {
  const [key] = keysFor(entry, 'jpegPhoto');
  if (!key) return undefined;
  const raw = entry[key];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined || first === null) return undefined;
  const bytes = Buffer.isBuffer(first)
    ? first
    : Buffer.from(String(first), 'utf8');
  if (bytes.length === 0 || bytes.length > maxBytes) return undefined;
  const type = imageType(bytes);
  return type ? `data:${type};base64,${bytes.toString('base64')}` : undefined;
}

/** Options for {@link createUserTransformer} and {@link createGroupTransformer}. */
export interface AtriumTransformerOptions<T> {
  /** The transformer that maps the (normalised) entry to an entity; Backstage's default one if not given. */
  base?: T;
  /** Photos larger than this (raw bytes) are skipped; {@link DEFAULT_MAX_PICTURE_BYTES} by default. */
  maxPictureBytes?: number;
  /** Gets a debug line per skipped photo. */
  logger?: LoggerService;
}

/**
 * A user transformer that normalises the entry's DN (the vendor's DN attribute and `dn`) and its `memberOf`
 * references, maps it with `base`, and, when the user has no picture after that, makes one of `jpegPhoto`.
 */
export function createUserTransformer(
  options: AtriumTransformerOptions<UserTransformer> = {},
): UserTransformer {
  const base = options.base ?? defaultUserTransformer;
  const maxBytes = options.maxPictureBytes ?? DEFAULT_MAX_PICTURE_BYTES;
  return async (vendor, config, entry) => {
    normalizeEntryDns(entry, [
      'dn',
      vendor.dnAttributeName,
      config.map.memberOf,
    ]);
    const entity = await base(vendor, config, entry);
    if (!entity || entity.spec.profile?.picture) return entity;
    const picture = photoDataUrl(entry, maxBytes);
    if (picture) {
      entity.spec.profile = { ...entity.spec.profile, picture };
    } else if (keysFor(entry, 'jpegPhoto').length) {
      options.logger?.debug(
        `No picture for ${entity.metadata.name}: jpegPhoto is not an image or exceeds ${maxBytes} bytes`,
      );
    }
    return entity;
  };
}

/**
 * A group transformer that normalises the entry's DN (the vendor's DN attribute and `dn`) and its `member` and
 * `memberOf` references, then maps it with `base`.
 */
export function createGroupTransformer(
  options: AtriumTransformerOptions<GroupTransformer> = {},
): GroupTransformer {
  const base = options.base ?? defaultGroupTransformer;
  return async (vendor, config, entry) => {
    normalizeEntryDns(entry, [
      'dn',
      vendor.dnAttributeName,
      config.map.members,
      config.map.memberOf,
    ]);
    return base(vendor, config, entry);
  };
}
