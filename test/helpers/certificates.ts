import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// TLS material as a Node user sets it up: a private CA, a server certificate it signed for
// 127.0.0.1 and localhost, and a client certificate (CN CmyAE) for mutual TLS. Made with openssl
// for the test run, so nothing secret is committed.

/** The PEM files made: ca.pem, server.pem, server.key, client.pem, client.key. */
export interface Certificates {
  pem(name: 'ca.pem' | 'server.pem' | 'server.key' | 'client.pem' | 'client.key'): Buffer;
  /** Deletes the files. */
  remove(): void;
}

export function makeCertificates(): Certificates {
  const dir = mkdtempSync(join(tmpdir(), 'onem2m-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test CA');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subject] of [
    ['server', '/CN=127.0.0.1'],
    ['client', '/CN=CmyAE'],
  ] as const) {
    openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
    );
  }
  const files = new Map<string, Buffer>();
  for (const file of ['ca.pem', 'server.pem', 'server.key', 'client.pem', 'client.key'])
    files.set(file, readFileSync(join(dir, file)));
  return {
    pem: (name) => files.get(name) ?? Buffer.alloc(0),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
