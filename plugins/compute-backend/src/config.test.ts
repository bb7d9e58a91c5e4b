import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readComputeConfig } from './config';

const cluster = (extra: Record<string, unknown>) =>
  new ConfigReader({
    compute: {
      clusters: [
        {
          name: 'sim-eu-west',
          url: 'https://127.0.0.1:7443/clusters/sim-eu-west/',
          serviceAccountToken: 'token',
          ...extra,
        },
      ],
    },
  });

describe('readComputeConfig', () => {
  it('takes the CA from a file, as an absolute path, without reading it at start-up', () => {
    const [c] = readComputeConfig(
      cluster({ caFile: 'data/kube-simulator/ca.crt' }),
    ).clusters;
    expect(c).toMatchObject({
      url: 'https://127.0.0.1:7443/clusters/sim-eu-west',
      caFile: path.resolve('data/kube-simulator/ca.crt'),
      skipTLSVerify: false,
    });
    expect(c.caData).toBeUndefined();
  });

  it('refuses caData and caFile together, and plain http without skipTLSVerify', () => {
    expect(() =>
      readComputeConfig(cluster({ caData: 'eA==', caFile: '/ca.crt' })),
    ).toThrow(/either caData or caFile/);
    expect(() =>
      readComputeConfig(cluster({ url: 'http://127.0.0.1:7007/x' })),
    ).toThrow(/plain http/);
  });
});
