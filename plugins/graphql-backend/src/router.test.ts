import express from 'express';
import type { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { createRouter } from './router';
import type { GatewayAnswer, GatewayCaller, GatewayService } from './types';

/** A gateway that records what the router hands it and answers `answer`. */
function fakeGateway(answer: GatewayAnswer) {
  const runs: Array<{
    request: unknown;
    caller: GatewayCaller;
    headers?: Record<string, string | undefined>;
  }> = [];
  const gateway: GatewayService = {
    forwardedHeaders: ['x-upstream-token'],
    run: async (request, caller, headers) => {
      runs.push({ request, caller, headers });
      return answer;
    },
  };
  return { gateway, runs };
}

async function serve(gateway: GatewayService) {
  const app = express().use(
    createRouter({
      gateway,
      httpAuth: mockServices.httpAuth(),
      userInfo: mockServices.userInfo({
        ownershipEntityRefs: ['user:default/mock', 'group:default/team-a'],
      }),
    }),
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('the graphql router', () => {
  it('hands the gateway the body, the caller and only the declared headers, and serves its answer as it is', async () => {
    const { gateway, runs } = fakeGateway({
      status: 400,
      body: '{"errors":[{"message":"too deep"}]}',
      cache: 'miss',
    });
    const server = await serve(gateway);
    try {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-upstream-token': 'mine',
          'x-other': 'not forwarded',
        },
        body: JSON.stringify({ query: '{ viewer { ref } }' }),
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('x-atrium-cache')).toBe('miss');
      expect(res.headers.get('cache-control')).toBe('private, no-store');
      expect(await res.text()).toBe('{"errors":[{"message":"too deep"}]}');
      expect(runs).toHaveLength(1);
      expect(runs[0].request).toEqual({ query: '{ viewer { ref } }' });
      expect(runs[0].caller.ownershipEntityRefs).toEqual([
        'user:default/mock',
        'group:default/team-a',
      ]);
      expect(runs[0].headers).toEqual({ 'x-upstream-token': 'mine' });
    } finally {
      await server.close();
    }
  });
});
