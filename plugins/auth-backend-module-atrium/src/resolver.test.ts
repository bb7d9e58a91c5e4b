import { readDirectoryUserOptions } from './resolver';

describe('the directoryUser resolver options', () => {
  it('defaults to the e-mail claim', () => {
    expect(readDirectoryUserOptions(undefined)).toEqual({
      claim: 'email',
      usernameClaim: 'preferred_username',
    });
    expect(
      readDirectoryUserOptions({ claim: 'username', usernameClaim: 'uid' }),
    ).toEqual({
      claim: 'username',
      usernameClaim: 'uid',
    });
  });

  it('refuses unknown claims and options', () => {
    expect(() => readDirectoryUserOptions({ claim: 'phone' })).toThrow();
    expect(() => readDirectoryUserOptions({ claims: 'email' })).toThrow();
  });
});
