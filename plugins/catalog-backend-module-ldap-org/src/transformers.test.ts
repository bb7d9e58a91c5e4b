import { mockServices } from '@backstage/backend-test-utils';
import {
  defaultUserTransformer,
  LDAP_DN_ANNOTATION,
  readLdapOrg,
  vendors,
  type GroupConfig,
  type LdapClient,
  type UserConfig,
} from '@backstage/plugin-catalog-backend-module-ldap';
import type { Entry } from 'ldapts';
import {
  createGroupTransformer,
  createUserTransformer,
  DEFAULT_MAX_PICTURE_BYTES,
  normalizeEntryDns,
  photoDataUrl,
} from './transformers';

const PEOPLE = 'ou=people,dc=larkspur,dc=example';
const GROUPS = 'ou=groups,dc=larkspur,dc=example';
const vendor = vendors.default; // OpenLDAP: the DN is in entryDN

const userConfig: UserConfig = {
  dn: PEOPLE,
  options: {},
  map: {
    rdn: 'uid',
    name: 'uid',
    displayName: 'cn',
    email: 'mail',
    memberOf: 'memberOf',
  },
};
const groupConfig: GroupConfig = {
  dn: GROUPS,
  options: {},
  map: {
    rdn: 'cn',
    name: 'cn',
    description: 'description',
    type: 'businessCategory',
    displayName: 'cn',
    memberOf: 'memberOf',
    members: 'member',
  },
};

/** A JPEG as far as its magic bytes go. */
const jpeg = (size: number) => {
  const b = Buffer.alloc(size, 0x42);
  b[0] = 0xff;
  b[1] = 0xd8;
  b[2] = 0xff;
  b[3] = 0xe0;
  return b;
};

/** An entry as slapd returns it through ldapts: DNs with hex escapes in `dn` and `entryDN`. */
const thu = (): Entry => ({
  dn: `cn=Ng\\2C Thu Trang,${PEOPLE}`,
  entryDN: `cn=Ng\\2C Thu Trang,${PEOPLE}`,
  uid: 'thu.ng',
  cn: 'Ng, Thu Trang',
  mail: 'thu.ng@larkspur.example',
});

describe('normalizeEntryDns', () => {
  it('rewrites single and multiple values, strings and Buffers, matching names case-insensitively', () => {
    // ldapts types an attribute as all strings or all Buffers; a mix is what a careless caller might hand over.
    const entry = {
      dn: `CN=Ng\\2C Thu Trang,${PEOPLE}`,
      entrydn: `cn=Ng\\2c Thu Trang,${PEOPLE}`,
      member: [Buffer.from(`UID=a , ${PEOPLE}`), `cn=R\\C3\\A9my,${PEOPLE}`],
      memberOf: `cn=night-shift,${GROUPS}`,
      cn: 'Ng\\2C stays',
    } as unknown as Entry;
    normalizeEntryDns(entry, ['dn', 'entryDN', 'member', 'memberOf', 'absent']);
    expect(entry).toEqual({
      dn: `cn=Ng\\, Thu Trang,${PEOPLE}`,
      entrydn: `cn=Ng\\, Thu Trang,${PEOPLE}`,
      member: [`uid=a,${PEOPLE}`, `cn=Rémy,${PEOPLE}`],
      memberOf: `cn=night-shift,${GROUPS}`,
      cn: 'Ng\\2C stays',
    });
  });
});

describe('createUserTransformer', () => {
  it('maps as Backstage does, with the DN annotation normalised', async () => {
    const entity = await createUserTransformer()(vendor, userConfig, thu());
    const plain = await defaultUserTransformer(vendor, userConfig, thu());
    expect(entity!.metadata.annotations![LDAP_DN_ANNOTATION]).toBe(
      `cn=Ng\\, Thu Trang,${PEOPLE}`,
    );
    expect(entity!.spec).toEqual(plain!.spec);
    expect(entity!.metadata.name).toBe('thu.ng');
  });

  it('makes a data URL of a jpegPhoto Buffer', async () => {
    const photo = jpeg(1000);
    const entity = await createUserTransformer()(vendor, userConfig, {
      ...thu(),
      jpegPhoto: photo,
    });
    expect(entity!.spec.profile!.picture).toBe(
      `data:image/jpeg;base64,${photo.toString('base64')}`,
    );
    expect(entity!.spec.profile!.displayName).toBe('Ng, Thu Trang');
  });

  it('takes the first of several photos, and PNGs kept in jpegPhoto', async () => {
    const png = Buffer.concat([
      Buffer.from('89504e470d0a1a0a', 'hex'),
      Buffer.alloc(50, 1),
    ]);
    expect(photoDataUrl({ dn: 'x', jpegPhoto: [png, jpeg(10)] })).toBe(
      `data:image/png;base64,${png.toString('base64')}`,
    );
  });

  it('gets the original bytes back from a photo that ldapts decoded as a string', () => {
    // Only bytes that are valid UTF-8 come as strings; that is not a JPEG, so no picture, but no garbage either.
    expect(photoDataUrl({ dn: 'x', jpegPhoto: 'hello' })).toBeUndefined();
    const latin = jpeg(20).toString('latin1'); // a caller that read it as binary
    expect(photoDataUrl({ dn: 'x', jpegPhoto: latin })).toBeUndefined();
  });

  it('skips photos over the cap, empty ones and non-images, quietly', async () => {
    const logger = mockServices.logger.mock();
    const transform = createUserTransformer({ logger });
    for (const jpegPhoto of [
      jpeg(DEFAULT_MAX_PICTURE_BYTES + 1),
      Buffer.alloc(0),
      [],
      Buffer.from('GIF89a-not-supported'),
    ]) {
      const entity = await transform(vendor, userConfig, {
        ...thu(),
        jpegPhoto,
      } as Entry);
      expect(entity!.spec.profile!.picture).toBeUndefined();
    }
    expect(
      photoDataUrl({ dn: 'x', jpegPhoto: jpeg(DEFAULT_MAX_PICTURE_BYTES) }),
    ).toMatch(/^data:image\/jpeg;base64,/);
    expect(
      photoDataUrl({ dn: 'x', jpegPhoto: jpeg(2000) }, 1999),
    ).toBeUndefined();
    expect(logger.info).not.toHaveBeenCalled();
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('keeps a picture that the config maps', async () => {
    const entity = await createUserTransformer()(
      vendor,
      { ...userConfig, map: { ...userConfig.map, picture: 'labeledURI' } },
      {
        ...thu(),
        labeledURI: 'https://img.example/thu.png',
        jpegPhoto: jpeg(10),
      },
    );
    expect(entity!.spec.profile!.picture).toBe('https://img.example/thu.png');
  });

  it('wraps a custom base transformer, which sees the normalised entry, and may drop users', async () => {
    const base = jest.fn(async (_v, _c, entry: Entry) =>
      entry.uid === 'skip'
        ? undefined
        : defaultUserTransformer(vendor, userConfig, entry),
    );
    const transform = createUserTransformer({ base });
    await expect(
      transform(vendor, userConfig, { ...thu(), uid: 'skip' }),
    ).resolves.toBeUndefined();
    await transform(vendor, userConfig, thu());
    expect(base.mock.calls[1][2].entryDN).toBe(`cn=Ng\\, Thu Trang,${PEOPLE}`);
  });
});

describe('the transformers in Backstage’s reader', () => {
  /** A stand-in for Backstage's LdapClient that serves fixed entries, fresh for every search. */
  const client = (users: () => Entry[], groups: () => Entry[]) =>
    ({
      getVendor: async () => vendor,
      search: async (dn: string) => ({
        searchEntries: dn === PEOPLE ? users() : groups(),
        searchReferences: [],
      }),
    } as unknown as LdapClient);

  const users = () => [
    thu(),
    {
      dn: `uid=no.mail,${PEOPLE}`,
      entryDN: `uid=no.mail,${PEOPLE}`,
      uid: 'no.mail',
      cn: 'Kai',
    },
    {
      dn: `uid=Ren\\C3\\A9e,${PEOPLE}`,
      entryDN: `uid=Ren\\C3\\A9e,${PEOPLE}`,
      uid: 'renee',
      cn: 'Renée',
      memberOf: `CN=ops,${GROUPS}`,
    },
  ];
  const groups = () => [
    {
      dn: `cn=night-shift,${GROUPS}`,
      entryDN: `cn=night-shift,${GROUPS}`,
      cn: 'night-shift',
      businessCategory: 'team',
      // as written in LDIF: a backslash-escaped comma, a space after a separator, an upper-case type
      member: [`cn=Ng\\, Thu Trang,${PEOPLE}`, `UID=no.mail, ${PEOPLE}`],
    },
    {
      dn: `cn=ops,${GROUPS}`,
      entryDN: `cn=ops,${GROUPS}`,
      cn: 'ops',
      businessCategory: 'department',
      member: `cn=night-shift,${GROUPS}`,
    },
  ];

  it('resolves members whose DNs the server spells differently', async () => {
    const org = await readLdapOrg(
      client(users, groups),
      [userConfig],
      [groupConfig],
      undefined,
      {
        userTransformer: createUserTransformer(),
        groupTransformer: createGroupTransformer(),
        logger: undefined as any,
      },
    );
    const byName: Record<string, any> = Object.fromEntries(
      [...org.users, ...org.groups].map(e => [e.metadata.name, e.spec]),
    );
    expect(byName['thu.ng'].memberOf).toEqual(['group:default/night-shift']);
    expect(byName['no.mail'].memberOf).toEqual(['group:default/night-shift']);
    expect(byName.renee.memberOf).toEqual(['group:default/ops']);
    expect(byName['night-shift'].parent).toBe('group:default/ops');
    expect(byName.ops.children).toEqual(['group:default/night-shift']);
  });

  it('(without them, Backstage drops the escaped member: the bug this module fixes)', async () => {
    const org = await readLdapOrg(
      client(users, groups),
      [userConfig],
      [groupConfig],
      undefined,
      { logger: undefined as any },
    );
    const thuNg = org.users.find(u => u.metadata.name === 'thu.ng')!;
    expect(thuNg.spec.memberOf).toEqual([]);
  });
});
