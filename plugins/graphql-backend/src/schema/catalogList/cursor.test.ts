import { CursorCodec } from './cursor';

describe('the catalog list cursors', () => {
  const binding = CursorCodec.binding({ user: 'user:default/a', filter: {} });

  it('opens what it sealed, for the same binding only', () => {
    const codec = new CursorCodec('s3cret');
    const cursor = codec.seal({ p: 'b', c: 'catalog-cursor' }, binding);
    expect(cursor).not.toContain('catalog-cursor');
    expect(codec.open(cursor, binding)).toEqual({
      p: 'b',
      c: 'catalog-cursor',
    });
    expect(() =>
      codec.open(cursor, CursorCodec.binding({ user: 'user:default/b' })),
    ).toThrow(/another filter or sort/);
    // Another process with the same secret takes it; one without it does not.
    expect(new CursorCodec('s3cret').open(cursor, binding)).toEqual({
      p: 'b',
      c: 'catalog-cursor',
    });
    expect(() => new CursorCodec().open(cursor, binding)).toThrow(
      /not a cursor this gateway issued/,
    );
  });

  it('refuses a cursor changed by one character, or made up', () => {
    const codec = new CursorCodec();
    const cursor = codec.seal({ p: 'a', inv: true }, binding);
    const at = 30;
    const changed =
      cursor.slice(0, at) +
      (cursor[at] === 'A' ? 'B' : 'A') +
      cursor.slice(at + 1);
    for (const bad of [
      changed,
      '',
      'x',
      Buffer.from('{"p":"a"}').toString('base64url'),
    ]) {
      expect(() => codec.open(bad, binding)).toThrow(
        expect.objectContaining({ name: 'InputError' }),
      );
    }
    expect(codec.open(cursor, binding)).toEqual({ p: 'a', inv: true });
  });
});
