/**
 * Distinguished names as strings (RFC 4514), parsed and written back in one canonical form, so that two
 * spellings of the same DN compare equal as strings: `cn=Ng\2C Thu Trang` and `cn=Ng\, Thu Trang`, `CN=x` and
 * `cn=x`, `uid=a, ou=b` and `uid=a,ou=b`, `uid=a+cn=b` and `cn=b+uid=a`.
 *
 * The canonical form:
 * - attribute types lower-cased (values keep their case: Backstage's LDAP provider already compares DNs
 *   case-insensitively);
 * - values decoded (`\XX` hex pairs as UTF-8, `\c` escapes, `"quoted"` RFC 1779 values) and escaped again
 *   minimally: `" + , ; < > \` everywhere, `#` and space at the start, space at the end, NUL as `\00`;
 *   everything else, non-ASCII included, as plain UTF-8;
 * - no spaces around `,`, `+` and `=`;
 * - the attribute-value pairs of a multi-valued RDN in a fixed order (sorted), since their order carries no
 *   meaning;
 * - values in the `#hexstring` form (BER-encoded) kept as such, with lower-case hex digits.
 */

/** One `type=value` pair of an RDN, with the value decoded (or a `#hexstring`, see `hex`). */
export interface DnAttribute {
  /** The attribute type as written (a name such as `cn`, or a numeric OID). */
  type: string;
  /** The decoded value; for a `#hexstring` value, the hex digits (lower-case) without the `#`. */
  value: string;
  /** True when the value was given in the `#hexstring` form. */
  hex?: boolean;
}

/** A relative distinguished name: one or more attribute-value pairs. */
export type Rdn = DnAttribute[];

const HEX = /^[0-9a-fA-F]{2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/**
 * Parses a DN string into its RDNs, most specific first. Lenient where real directories are: spaces around
 * separators, `;` as an RDN separator, quoted values (RFC 2253/1779), and a backslash before any character
 * that does not start a hex pair (`\Z` reads `Z`). Throws on what cannot be read unambiguously (a missing
 * `=`, a dangling `\`, half a hex pair, hex escapes that are not UTF-8).
 */
export function parseDn(dn: string): Rdn[] {
  const rdns: Rdn[] = [];
  if (dn.trim() === '') return rdns;
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`Invalid DN ${JSON.stringify(dn)} at ${i}: ${why}`);
  };
  const skipSpaces = () => {
    while (dn[i] === ' ') i++;
  };

  let rdn: Rdn = [];
  for (;;) {
    // attributeType
    skipSpaces();
    const typeStart = i;
    while (i < dn.length && /[A-Za-z0-9.-]/.test(dn[i])) i++;
    const type = dn.slice(typeStart, i);
    if (!type) fail('expected an attribute type');
    skipSpaces();
    if (dn[i] !== '=') fail('expected "="');
    i++;
    skipSpaces();

    // attributeValue
    let attribute: DnAttribute;
    if (dn[i] === '#') {
      i++;
      const start = i;
      while (i < dn.length && /[0-9a-fA-F]/.test(dn[i])) i++;
      const digits = dn.slice(start, i);
      if (!digits || digits.length % 2) fail('bad #hexstring');
      attribute = { type, value: digits.toLowerCase(), hex: true };
      skipSpaces();
    } else if (dn[i] === '"') {
      i++;
      const bytes: number[] = [];
      while (i < dn.length && dn[i] !== '"') {
        if (dn[i] === '\\') i = readEscape(dn, i + 1, bytes, fail);
        else i = pushChar(dn, i, bytes);
      }
      if (dn[i] !== '"') fail('unterminated quoted value');
      i++;
      attribute = { type, value: decodeUtf8(bytes, fail) };
      skipSpaces();
    } else {
      const bytes: number[] = [];
      // Unescaped trailing spaces are not part of the value; escaped ones are.
      let significant = 0;
      while (i < dn.length && !',;+'.includes(dn[i])) {
        if (dn[i] === '\\') {
          i = readEscape(dn, i + 1, bytes, fail);
          significant = bytes.length;
        } else {
          const isSpace = dn[i] === ' ';
          i = pushChar(dn, i, bytes);
          if (!isSpace) significant = bytes.length;
        }
      }
      attribute = {
        type,
        value: decodeUtf8(bytes.slice(0, significant), fail),
      };
    }
    rdn.push(attribute);

    if (i >= dn.length) break;
    const separator = dn[i];
    if (separator === '+') {
      i++;
      continue;
    }
    if (separator === ',' || separator === ';') {
      i++;
      rdns.push(rdn);
      rdn = [];
      continue;
    }
    fail(`unexpected ${JSON.stringify(separator)}`);
  }
  rdns.push(rdn);
  return rdns;
}

/** Reads what follows a backslash at `i`: a hex pair (one byte) or a single escaped character. */
function readEscape(
  dn: string,
  i: number,
  bytes: number[],
  fail: (why: string) => never,
): number {
  if (i >= dn.length) fail('dangling "\\"');
  const pair = dn.slice(i, i + 2);
  if (HEX.test(pair)) {
    bytes.push(parseInt(pair, 16));
    return i + 2;
  }
  if (/[0-9a-fA-F]/.test(dn[i])) fail(`bad hex pair "\\${pair}"`);
  return pushChar(dn, i, bytes);
}

/** Appends the UTF-8 bytes of the character (code point) at `i`. */
function pushChar(dn: string, i: number, bytes: number[]): number {
  const codePoint = dn.codePointAt(i)!;
  const char = String.fromCodePoint(codePoint);
  for (const b of encoder.encode(char)) bytes.push(b);
  return i + char.length;
}

function decodeUtf8(bytes: number[], fail: (why: string) => never): string {
  try {
    return utf8.decode(new Uint8Array(bytes));
  } catch {
    return fail('escaped bytes are not UTF-8');
  }
}

/** Escapes a decoded value for a DN string, minimally (RFC 4514 section 2.4). */
export function escapeDnValue(value: string): string {
  let out = '';
  for (let k = 0; k < value.length; k++) {
    const c = value[k];
    if (c === '\0') out += '\\00';
    else if ('"+,;<>\\'.includes(c)) out += `\\${c}`;
    else if (k === 0 && (c === ' ' || c === '#')) out += `\\${c}`;
    else if (k === value.length - 1 && c === ' ') out += '\\ ';
    else out += c;
  }
  return out;
}

/** Writes parsed RDNs back as a DN string in the canonical form described above. */
export function formatDn(rdns: Rdn[]): string {
  return rdns
    .map(rdn =>
      rdn
        .map(
          ({ type, value, hex }) =>
            `${type.toLowerCase()}=${hex ? `#${value}` : escapeDnValue(value)}`,
        )
        .sort()
        .join('+'),
    )
    .join(',');
}

/**
 * The canonical form of a DN string, or the string unchanged when it is not a readable DN (the provider then
 * compares it as before, and nothing is lost).
 */
export function normalizeDn(dn: string): string {
  try {
    return formatDn(parseDn(dn));
  } catch {
    return dn;
  }
}
