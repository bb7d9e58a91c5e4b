import {
  formatChangeCause,
  parseChangeCause,
  type ChangeCause,
} from './changeCause';

describe('change causes', () => {
  it('reads back every cause compute writes', () => {
    const causes: ChangeCause[] = [
      { kind: 'deploy', version: '2.4.1' },
      { kind: 'rollback', revision: 3 },
      { kind: 'restart' },
    ];
    for (const cause of causes) {
      const text = formatChangeCause(cause);
      expect(parseChangeCause(text)).toEqual({
        kind: cause.kind,
        written: cause,
        text,
      });
    }
    expect(formatChangeCause({ kind: 'rollback', revision: 3 })).toBe(
      'rollback to revision 3',
    );
  });

  it('reads the older rollback form, any case and surrounding white space', () => {
    expect(parseChangeCause('rollback to 1').written).toEqual({
      kind: 'rollback',
      revision: 1,
    });
    expect(parseChangeCause('  Deploy 1.0.0\n')).toEqual({
      kind: 'deploy',
      written: { kind: 'deploy', version: '1.0.0' },
      text: 'Deploy 1.0.0',
    });
    expect(parseChangeCause('RESTART').written).toEqual({ kind: 'restart' });
  });

  it('sorts other causes by how they begin, without a written form', () => {
    expect(parseChangeCause('rollback')).toEqual({
      kind: 'rollback',
      written: undefined,
      text: 'rollback',
    });
    expect(parseChangeCause('restarted by hand').kind).toBe('restart');
    expect(parseChangeCause('restarted by hand').written).toBeUndefined();
    expect(parseChangeCause('deploy').written).toBeUndefined();
    expect(parseChangeCause('update')).toEqual({
      kind: 'other',
      written: undefined,
      text: 'update',
    });
    expect(parseChangeCause(undefined)).toEqual({
      kind: 'other',
      written: undefined,
      text: '',
    });
  });
});
