import { escapeDnValue, normalizeDn, parseDn } from './dn';

describe('normalizeDn', () => {
  const people = 'ou=people,dc=larkspur,dc=example';

  it('gives an escaped comma one spelling, hex or backslash', () => {
    const hex = normalizeDn(`cn=Ng\\2C Thu Trang,${people}`);
    const plain = normalizeDn(`cn=Ng\\, Thu Trang,${people}`);
    expect(hex).toBe(`cn=Ng\\, Thu Trang,${people}`);
    expect(plain).toBe(hex);
    expect(normalizeDn(`cn=Ng\\2c Thu Trang,${people}`)).toBe(hex);
    expect(normalizeDn(`cn="Ng, Thu Trang",${people}`)).toBe(hex);
  });

  it('lower-cases attribute types and keeps the case of values', () => {
    expect(
      normalizeDn('CN=Ada Lovelace,OU=People,DC=Larkspur,DC=Example'),
    ).toBe('cn=Ada Lovelace,ou=People,dc=Larkspur,dc=Example');
    expect(normalizeDn('UID=ada,ou=people')).toBe('uid=ada,ou=people');
    expect(normalizeDn('2.5.4.3=ada,ou=people')).toBe('2.5.4.3=ada,ou=people');
  });

  it('orders the parts of a multi-valued RDN and drops spaces around separators', () => {
    const a = normalizeDn(`uid=ada+cn=Ada Lovelace,${people}`);
    const b = normalizeDn(`cn=Ada Lovelace + uid=ada , ${people}`);
    expect(a).toBe(`cn=Ada Lovelace+uid=ada,${people}`);
    expect(b).toBe(a);
    expect(normalizeDn(`uid = ada ,  ou = people ; dc=x`)).toBe(
      'uid=ada,ou=people,dc=x',
    );
  });

  it('keeps escaped plus signs, equals signs and other specials inside values', () => {
    expect(normalizeDn('cn=a\\+b,ou=x')).toBe('cn=a\\+b,ou=x');
    expect(normalizeDn('cn=a\\2Bb,ou=x')).toBe('cn=a\\+b,ou=x');
    expect(normalizeDn('cn=a\\=b,ou=x')).toBe('cn=a=b,ou=x');
    expect(normalizeDn('cn=a\\3Db,ou=x')).toBe('cn=a=b,ou=x');
    expect(normalizeDn('cn=\\3Cx\\3E \\22q\\22 \\5C \\3B,ou=x')).toBe(
      'cn=\\<x\\> \\"q\\" \\\\ \\;,ou=x',
    );
  });

  it('keeps significant (escaped) leading and trailing spaces and a leading #', () => {
    expect(normalizeDn('cn=\\ padded\\ ,ou=x')).toBe('cn=\\ padded\\ ,ou=x');
    expect(normalizeDn('cn=\\20padded\\20,ou=x')).toBe('cn=\\ padded\\ ,ou=x');
    expect(normalizeDn('cn=\\#1,ou=x')).toBe('cn=\\#1,ou=x');
    expect(normalizeDn('cn=\\231,ou=x')).toBe('cn=\\#1,ou=x');
    expect(normalizeDn('cn=a  b,ou=x')).toBe('cn=a  b,ou=x');
  });

  it('decodes non-ASCII UTF-8 hex escapes and writes them as plain UTF-8', () => {
    expect(normalizeDn(`cn=Ren\\C3\\A9e Dupr\\c3\\a9,${people}`)).toBe(
      `cn=Renée Dupré,${people}`,
    );
    expect(normalizeDn(`cn=Renée Dupré,${people}`)).toBe(
      `cn=Renée Dupré,${people}`,
    );
    expect(normalizeDn('cn=\\E5\\BC\\A0\\E4\\BC\\9F,ou=x')).toBe(
      'cn=张伟,ou=x',
    );
    expect(normalizeDn('cn=\\F0\\9F\\98\\80,ou=x')).toBe('cn=😀,ou=x');
  });

  it('keeps #hexstring values, with lower-case digits', () => {
    expect(normalizeDn('CN=#04024869,ou=x')).toBe('cn=#04024869,ou=x');
    expect(normalizeDn('cn=#0402486A,ou=x')).toBe('cn=#0402486a,ou=x');
  });

  it('reads a backslash before any other character as that character (lenient)', () => {
    expect(normalizeDn('cn=a\\Zb,ou=x')).toBe('cn=aZb,ou=x');
    expect(normalizeDn('cn=caf\\é,ou=x')).toBe('cn=café,ou=x');
  });

  it('is idempotent', () => {
    for (const dn of [
      `cn=Ng\\2C Thu Trang,${people}`,
      'cn=\\ a\\+b\\ ,ou=x',
      'cn=Renée+uid=r,ou=x',
      '',
    ]) {
      expect(normalizeDn(normalizeDn(dn))).toBe(normalizeDn(dn));
    }
  });

  it('returns what it cannot read unchanged', () => {
    for (const bad of [
      'not a dn',
      'cn=a\\',
      'cn=a\\4',
      'cn=a\\4Z',
      'cn=\\C3,ou=x', // half a UTF-8 sequence
      '=a,ou=x',
      'cn="open,ou=x',
    ]) {
      expect(normalizeDn(bad)).toBe(bad);
    }
  });
});

describe('parseDn', () => {
  it('splits RDNs and their attribute-value pairs', () => {
    expect(parseDn('uid=a+cn=B\\, C,ou=people')).toEqual([
      [
        { type: 'uid', value: 'a' },
        { type: 'cn', value: 'B, C' },
      ],
      [{ type: 'ou', value: 'people' }],
    ]);
    expect(parseDn('')).toEqual([]);
  });

  it('throws on what is not a DN', () => {
    expect(() => parseDn('cn=a,,ou=x')).toThrow(/Invalid DN/);
    expect(() => parseDn('cn')).toThrow(/expected "="/);
  });
});

describe('escapeDnValue', () => {
  it('escapes specials minimally', () => {
    expect(escapeDnValue('#a, b+c; <d> "e" \\ ')).toBe(
      '\\#a\\, b\\+c\\; \\<d\\> \\"e\\" \\\\\\ ',
    );
    expect(escapeDnValue('a#b=c')).toBe('a#b=c');
    expect(escapeDnValue('nul\0')).toBe('nul\\00');
  });
});
