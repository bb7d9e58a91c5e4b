import { createHmac } from 'node:crypto';
import { userIdFor } from './pseudonymize';

describe('pseudonymized user ids', () => {
  it('are the ref itself without a secret', () => {
    expect(userIdFor('user:default/Alice')).toBe('user:default/alice');
  });

  it('are the HMAC-SHA256 of the (lower-case) ref with one: stable, not the ref, different per secret', () => {
    const secret = 'a-secret-of-16-chars';
    const id = userIdFor('user:default/alice', secret);
    expect(id).toBe(
      createHmac('sha256', secret).update('user:default/alice').digest('hex'),
    );
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(userIdFor('user:default/ALICE', secret)).toBe(id);
    expect(userIdFor('user:default/bob', secret)).not.toBe(id);
    expect(userIdFor('user:default/alice', `${secret}!`)).not.toBe(id);
  });
});
