import { ResponseError } from '@backstage/errors';
import { describeError } from './errors';

const failed = (status: number, message: string) =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        request: { method: 'POST', url: '/x' },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );

describe('describeError', () => {
  it("says the API's own message, with what the status means to the user", async () => {
    expect(describeError(await failed(400, 'replicas must be 0 to 50'))).toBe(
      'Rejected: replicas must be 0 to 50',
    );
    expect(describeError(await failed(403, 'only the owners may'))).toBe(
      'Not allowed: only the owners may',
    );
    expect(describeError(await failed(503, 'Alertmanager is down'))).toBe(
      'Alertmanager is down',
    );
  });

  it('lets the caller word a status itself, and knows a ResponseError that lost its class', async () => {
    const conflict = await failed(409, 'resourceVersion changed');
    expect(describeError(conflict, { 409: 'Reload and try again' })).toBe(
      'Reload and try again',
    );
    const plain = { ...conflict, name: 'ResponseError', statusCode: 403 };
    expect(describeError(plain)).toBe('Not allowed: resourceVersion changed');
  });

  it('gives the message of any other error', () => {
    expect(describeError(new Error('offline'))).toBe('offline');
    expect(describeError('boom')).toBe('boom');
  });
});
