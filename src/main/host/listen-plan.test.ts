import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { createDispatcher, EventHub } from '../contract';
import { stubHandlers } from '../contract/testing/stub-handlers';
import { startBrowserHost } from './browser-host';
import { isLoopbackAddress } from '../../shared/loopback';
import { planListen } from './listen-plan';

const defaults = DEFAULT_SETTINGS.host;
let dir: string;
let cert: string;
let key: string;
const read = (path: string) => readFileSync(path);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'archivist-tls-'));
  cert = join(dir, 'cert.pem');
  key = join(dir, 'key.pem');
  // A real self-signed certificate for 127.0.0.1, made by openssl as a station's IT would.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('where the browser host listens', () => {
  it('listens on this computer by default, with nothing to say', () => {
    expect(planListen(defaults, {}, read)).toEqual({
      host: '127.0.0.1',
      port: 0,
      tls: null,
      publicUrl: null,
      warning: null,
    });
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopbackAddress)).toBe(true);
    expect(['0.0.0.0', '192.168.1.20', '::'].some(isLoopbackAddress)).toBe(false);
  });

  it('refuses another address without TLS, unless plain http is acknowledged, and says so', () => {
    expect(() => planListen(defaults, { bindAddress: '0.0.0.0' }, read)).toThrow(
      /Not listening on 0\.0\.0\.0 without TLS.*--allow-plain-http/,
    );
    const plan = planListen(defaults, { bindAddress: '0.0.0.0', allowPlainHttp: true }, read);
    expect(plan.warning).toMatch(/plain http, as acknowledged/);
    expect(() => planListen(defaults, { bindAddress: 'archivist.local' }, read)).toThrow(
      /must be an IP address/,
    );
  });

  it('takes TLS from the settings or the flags, naming a file it cannot read', () => {
    const plan = planListen(
      { ...defaults, bindAddress: '0.0.0.0', tlsCertPath: cert },
      { tlsKeyPath: key, publicUrl: 'https://archivist.station.test:8443/' },
      read,
    );
    expect(plan.tls?.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(plan.warning).toBeNull();
    expect(plan.publicUrl).toBe('https://archivist.station.test:8443');
    expect(() => planListen(defaults, { tlsCertPath: cert }, read)).toThrow(/both/);
    expect(() =>
      planListen(defaults, { tlsCertPath: join(dir, 'gone.pem'), tlsKeyPath: key }, read),
    ).toThrow(/gone\.pem could not be read/);
    expect(() =>
      planListen(defaults, { tlsCertPath: cert, tlsKeyPath: key, publicUrl: 'http://x' }, read),
    ).toThrow(/must start with https/);
  });

  it('serves over TLS with the certificate, and answers a call', async () => {
    const plan = planListen(defaults, { tlsCertPath: cert, tlsKeyPath: key }, read);
    const host = await startBrowserHost({
      dispatcher: createDispatcher(stubHandlers(), new EventHub()),
      rendererDir: dir,
      tls: plan.tls,
    });
    try {
      expect(host.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          `${host.url}/api/rpc/settings.get`,
          {
            method: 'POST',
            ca: readFileSync(cert),
            headers: { authorization: `Bearer ${host.token}` },
          },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(answer.status, answer.body).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ ok: true });
    } finally {
      await host.close();
    }
  });
});
