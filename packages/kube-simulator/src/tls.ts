import * as x509 from '@peculiar/x509';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The simulator's TLS material: a certificate authority kept in a folder (`ca.crt`, `ca.key`), reused across
 * restarts while it is valid, and a server certificate for the listen addresses signed by it at every start.
 *
 * Node's crypto makes keys but cannot issue X.509 certificates, so they are made with @peculiar/x509 (over
 * Node's WebCrypto); Node's own X509Certificate checks a CA found on disk.
 */
export interface SimulatorTls {
  /** PEM of the CA certificate: what a client trusts (kubeconfig `certificate-authority-data` is its base64). */
  ca: string;
  /** The CA certificate's file. */
  caFile: string;
  /** PEM of the server certificate and its private key, for `https.createServer`. */
  cert: string;
  key: string;
}

export interface SimulatorTlsOptions {
  /** Host names and IP addresses the server certificate names; default 127.0.0.1, ::1 and localhost. */
  hosts?: string[];
  /** How long a new CA is valid; default 10 years. */
  caValidDays?: number;
}

const ALGORITHM = {
  name: 'ECDSA',
  namedCurve: 'P-256',
  hash: 'SHA-256',
} as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A CA that expires sooner than this is replaced. */
const CA_MIN_REMAINING_MS = 30 * DAY_MS;
const SERVER_VALID_DAYS = 365;
/** Two processes sharing a folder (two test simulators) take turns; a lock older than this is left over. */
const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 60_000;

const webcrypto = crypto.webcrypto as unknown as Crypto;
x509.cryptoProvider.set(webcrypto);

const serial = () => crypto.randomBytes(16).toString('hex').replace(/^./, '1');
const pemOf = (key: CryptoKey) =>
  crypto.KeyObject.from(key)
    .export({ type: 'pkcs8', format: 'pem' })
    .toString();

interface Authority {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
  pem: string;
}

async function createAuthority(validDays: number): Promise<Authority> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=Atrium kube-simulator CA ${new Date(now).toISOString()}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + validDays * DAY_MS),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys, pem: cert.toString('pem') };
}

/** The CA in the folder, if it is ours to use: a P-256 CA whose key matches, valid for a while yet. */
async function readAuthority(
  certFile: string,
  keyFile: string,
): Promise<Authority | undefined> {
  if (!fs.existsSync(certFile) || !fs.existsSync(keyFile)) return undefined;
  try {
    const pem = fs.readFileSync(certFile, 'utf8');
    const checked = new crypto.X509Certificate(pem);
    const privateKey = crypto.createPrivateKey(fs.readFileSync(keyFile));
    const usable =
      checked.ca &&
      checked.checkPrivateKey(privateKey) &&
      privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1' &&
      Date.parse(checked.validFrom) <= Date.now() &&
      Date.parse(checked.validTo) - Date.now() > CA_MIN_REMAINING_MS;
    if (!usable) return undefined;
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
    const signing = await webcrypto.subtle.importKey(
      'pkcs8',
      pkcs8,
      ALGORITHM,
      false,
      ['sign'],
    );
    const cert = new x509.X509Certificate(pem);
    const publicKey = await cert.publicKey.export(ALGORITHM, ['verify']);
    return { cert, keys: { privateKey: signing, publicKey }, pem };
  } catch {
    return undefined;
  }
}

async function issueServerCertificate(authority: Authority, hosts: string[]) {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${hosts[0]}`,
    issuer: authority.cert.subject,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + SERVER_VALID_DAYS * DAY_MS),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: authority.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hosts.map(
          (h): x509.JsonGeneralName => ({
            type: net.isIP(h) ? 'ip' : 'dns',
            value: h,
          }),
        ),
      ),
      await x509.AuthorityKeyIdentifierExtension.create(
        authority.keys.publicKey,
      ),
    ],
  });
  return { cert: cert.toString('pem'), key: pemOf(keys.privateKey) };
}

/** Writes a file whole or not at all (a reader never sees half of it). */
function writeAtomically(file: string, data: string, mode: number) {
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, data, { mode });
  fs.renameSync(tmp, file);
}

/** Runs `fn` holding `<dir>/ca.lock`, waiting (bounded) while another process holds it. */
async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, 'ca.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age =
        Date.now() -
        (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) fs.rmSync(lock, { force: true });
      else if (Date.now() > deadline)
        throw new Error(
          `${lock} is held by another process; remove it if none runs`,
        );
      else await new Promise(r => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * The simulator's CA from `dir` (made there, `ca.key` readable by the owner only, when missing, not ours,
 * expired or expiring within 30 days) and a fresh server certificate signed by it.
 */
export async function loadOrCreateTls(
  dir: string,
  options: SimulatorTlsOptions = {},
): Promise<SimulatorTls> {
  const hosts = options.hosts ?? ['127.0.0.1', '::1', 'localhost'];
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const caFile = path.join(dir, 'ca.crt');
  const keyFile = path.join(dir, 'ca.key');
  const authority = await withLock(dir, async () => {
    const found = await readAuthority(caFile, keyFile);
    if (found) return found;
    const made = await createAuthority(options.caValidDays ?? 3650);
    writeAtomically(keyFile, pemOf(made.keys.privateKey), 0o600);
    writeAtomically(caFile, made.pem, 0o644);
    return made;
  });
  const server = await issueServerCertificate(authority, hosts);
  return { ca: authority.pem, caFile, ...server };
}
