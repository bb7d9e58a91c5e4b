import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAccount, readAccounts } from './accounts';
import { escapeHtml, loginPage } from './loginPage';

describe('the embedded IdP accounts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idp-accounts-'));
  const file = join(dir, 'org.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Group',
      'metadata: { name: team-payments }',
      'spec: { type: team, children: [] }',
      '---',
      'apiVersion: backstage.io/v1alpha1',
      'kind: User',
      'metadata: { name: Alice.Nakamura }',
      'spec:',
      '  profile: { displayName: Alice Nakamura, email: alice.nakamura@larkspur.example }',
      '  memberOf: [team-payments]',
    ].join('\n'),
  );

  it('reads Users, skips other kinds, and finds them by name or e-mail in any case', () => {
    const accounts = readAccounts([file]);
    expect(accounts.size).toBe(1);
    expect(findAccount(accounts, 'alice.nakamura')).toEqual({
      username: 'Alice.Nakamura',
      email: 'alice.nakamura@larkspur.example',
      name: 'Alice Nakamura',
      picture: undefined,
    });
    expect(
      findAccount(accounts, ' ALICE.NAKAMURA@larkspur.example ')?.username,
    ).toBe('Alice.Nakamura');
    expect(findAccount(accounts, 'team-payments')).toBeUndefined();
  });

  it('names the file it cannot read or parse', () => {
    expect(() => readAccounts([join(dir, 'missing.yaml')])).toThrow(
      /missing\.yaml/,
    );
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'kind: User\n  metadata: [');
    expect(() => readAccounts([bad])).toThrow(/bad\.yaml is not valid YAML/);
  });
});

describe('the sign-in form', () => {
  it('escapes everything it echoes', () => {
    const payload = `"><script>alert('x')</script>&`;
    const html = loginPage({
      action: '/api/embedded-idp/interaction/abc/login',
      clientName: 'Atrium',
      login: payload,
      error: payload,
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain(escapeHtml(payload));
    expect(escapeHtml(payload)).toBe(
      '&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;',
    );
  });
});
