import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKubeSimulator, KubeSimulator } from './simulator';
import { loadOrCreateTls } from './tls';
import { SEED, TOKEN } from './__testUtils__/client';

jest.setTimeout(20_000);

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-simulator-tls-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true });
});

/** A client-node KubeConfig for an HTTPS server, trusting `caPem` when given. */
function kubeConfig(server: string, caPem?: string) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'sim',
        server,
        ...(caPem ? { caData: Buffer.from(caPem).toString('base64') } : {}),
      },
    ],
    users: [{ name: 'tester', token: TOKEN }],
    contexts: [{ name: 'sim', cluster: 'sim', user: 'tester' }],
    currentContext: 'sim',
  });
  return kc.makeApiClient(CoreV1Api);
}

describe('the simulator CA', () => {
  it('is made in the folder at the first start (key readable by its owner only) and reused after', async () => {
    const dir = tempDir();
    const first = await loadOrCreateTls(dir);
    expect(first.caFile).toBe(path.join(dir, 'ca.crt'));
    expect(fs.readFileSync(first.caFile, 'utf8')).toBe(first.ca);
    expect(fs.statSync(path.join(dir, 'ca.key')).mode & 0o777).toBe(0o600);

    const ca = new crypto.X509Certificate(first.ca);
    const server = new crypto.X509Certificate(first.cert);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.checkPrivateKey(crypto.createPrivateKey(first.key))).toBe(
      true,
    );

    const again = await loadOrCreateTls(dir);
    expect(again.ca).toBe(first.ca);
    expect(again.cert).not.toBe(first.cert);
  });

  it('is shared by two simulators starting at once on the same folder', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all([
      loadOrCreateTls(dir),
      loadOrCreateTls(dir),
    ]);
    expect(a.ca).toBe(b.ca);
    expect(fs.existsSync(path.join(dir, 'ca.lock'))).toBe(false);
  });

  it('is replaced when what is in the folder is not a usable CA', async () => {
    const dir = tempDir();
    const first = await loadOrCreateTls(dir);
    // A CA that expires within the month is replaced, as is one whose key does not match.
    const expiring = await loadOrCreateTls(tempDir(), { caValidDays: 10 });
    fs.copyFileSync(expiring.caFile, first.caFile);
    const renewed = await loadOrCreateTls(dir);
    expect(renewed.ca).not.toBe(first.ca);
    expect(renewed.ca).not.toBe(expiring.ca);

    fs.writeFileSync(path.join(dir, 'ca.crt'), 'not a certificate');
    const fromGarbage = await loadOrCreateTls(dir);
    expect(
      new crypto.X509Certificate(fs.readFileSync(fromGarbage.caFile)).ca,
    ).toBe(true);
  });
});

describe('a simulated cluster over HTTPS', () => {
  let simulator: KubeSimulator;

  beforeAll(() => {
    simulator = createKubeSimulator({
      token: TOKEN,
      clusters: [{ name: 'sim-tls', seed: [SEED] }],
      autoStart: false,
    });
  });
  afterAll(() => simulator.stop());

  it('answers a client that trusts its CA, and a client without the CA fails on the certificate', async () => {
    const tls = await loadOrCreateTls(tempDir());
    const server = await simulator
      .cluster('sim-tls')
      .listen(0, '127.0.0.1', tls);
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);

    const pods = await kubeConfig(server.url, tls.ca).listNamespacedPod({
      namespace: 'team-payments',
    });
    expect(pods.items).toHaveLength(3);

    await expect(
      kubeConfig(server.url).listNamespacedPod({ namespace: 'team-payments' }),
    ).rejects.toThrow(/certificate|UNABLE_TO_VERIFY_LEAF_SIGNATURE/i);

    const otherCa = await loadOrCreateTls(tempDir());
    await expect(
      kubeConfig(server.url, otherCa.ca).listNamespacedPod({
        namespace: 'team-payments',
      }),
    ).rejects.toThrow(/certificate|signature/i);
  });
});
