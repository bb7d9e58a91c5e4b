import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusClient, PrometheusQueryError } from './PrometheusClient';

describe('PrometheusClient.alertingRules (a fake Prometheus on loopback)', () => {
  let server: Server;
  let baseUrl = '';
  const asked: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          data: {
            groups: [
              {
                name: 'ledger',
                rules: [
                  {
                    type: 'alerting',
                    name: 'LedgerErrors',
                    labels: { severity: 'critical', weight: 3 },
                  },
                  { type: 'recording', name: 'job:errors:rate5m' },
                ],
              },
              { name: 'empty', rules: [] },
              {
                name: 'infra',
                rules: [{ type: 'alerting', name: 'DiskFull' }],
              },
            ],
          },
        }),
      );
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  it('reads the alerting rules with their group and string labels', async () => {
    const client = new PrometheusClient({ baseUrl, timeoutMs: 2000 });
    expect(await client.alertingRules()).toEqual([
      {
        name: 'LedgerErrors',
        group: 'ledger',
        labels: { severity: 'critical' },
      },
      { name: 'DiskFull', group: 'infra', labels: {} },
    ]);
    expect(asked).toEqual(['/api/v1/rules?type=alert']);
  });

  it('says Prometheus is unavailable when nothing answers', async () => {
    const client = new PrometheusClient({
      baseUrl: 'http://127.0.0.1:1',
      timeoutMs: 2000,
    });
    const error = await client.alertingRules().catch(e => e);
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error.reason).toBe('Unavailable');
  });
});
