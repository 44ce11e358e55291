import { isIP } from 'node:net';
import { errorMessage } from '../../shared/errors';
import { isLoopbackAddress } from '../../shared/loopback';
import { AppError } from '../../shared/result';
import type { HostSettings } from '../../shared/settings';

/** Where and how the browser host listens, decided before it starts. */
export interface ListenPlan {
  host: string;
  port: number;
  tls: { cert: Buffer; key: Buffer } | null;
  /** The address operators open, when the station set one. */
  publicUrl: string | null;
  /** What to say at start (plain http on the network, as acknowledged); null when nothing. */
  warning: string | null;
}

/**
 * The listening plan from the settings (Settings › Station host), with the command line's flags
 * over them. Binding another address than this computer's own needs TLS (certificate and key) or
 * the explicit acknowledgement of plain http; otherwise it refuses, saying what to do.
 */
export function planListen(
  settings: HostSettings,
  flags: Partial<HostSettings>,
  readFile: (path: string) => Buffer,
): ListenPlan {
  const s = { ...settings, ...flags };
  const host = s.bindAddress.trim();
  if (host !== 'localhost' && isIP(host.replace(/^\[|\]$/g, '')) === 0) {
    throw new AppError(
      'INVALID_ARGUMENT',
      `The address to listen on must be an IP address of this computer (127.0.0.1, 0.0.0.0, 192.168.1.20), not "${host}".`,
      'host.bindAddress',
    );
  }
  const certPath = s.tlsCertPath.trim();
  const keyPath = s.tlsKeyPath.trim();
  if ((certPath === '') !== (keyPath === '')) {
    throw new AppError(
      'INVALID_ARGUMENT',
      'TLS needs both the certificate file and its key file.',
      certPath === '' ? 'host.tlsCertPath' : 'host.tlsKeyPath',
    );
  }
  let tls: ListenPlan['tls'] = null;
  if (certPath !== '') {
    const read = (path: string, what: string, field: string): Buffer => {
      try {
        return readFile(path);
      } catch (error) {
        throw new AppError(
          'FAILED_PRECONDITION',
          `The TLS ${what} file ${path} could not be read: ${errorMessage(error)}`,
          field,
        );
      }
    };
    tls = {
      cert: read(certPath, 'certificate', 'host.tlsCertPath'),
      key: read(keyPath, 'key', 'host.tlsKeyPath'),
    };
  }
  let warning: string | null = null;
  if (!isLoopbackAddress(host) && tls === null) {
    if (!s.allowPlainHttp) {
      throw new AppError(
        'FAILED_PRECONDITION',
        `Not listening on ${host} without TLS: sign-ins, API tokens and recordings would cross the station's network unencrypted. Give a certificate and key (Settings › Station host, or --tls-cert and --tls-key), or acknowledge plain http (--allow-plain-http).`,
        'host.tlsCertPath',
      );
    }
    warning = `Listening on ${host} over plain http, as acknowledged: sign-ins, API tokens and recordings cross the network unencrypted.`;
  }
  const publicUrl = s.publicUrl.trim();
  if (publicUrl !== '') {
    let parsed: URL;
    try {
      parsed = new URL(publicUrl);
    } catch {
      throw new AppError(
        'INVALID_ARGUMENT',
        `The public address is not an address: "${publicUrl}".`,
        'host.publicUrl',
      );
    }
    if (parsed.protocol !== (tls ? 'https:' : 'http:')) {
      throw new AppError(
        'INVALID_ARGUMENT',
        `The public address must start with ${tls ? 'https' : 'http'}:// as the host ${tls ? 'uses' : 'does not use'} TLS: "${publicUrl}".`,
        'host.publicUrl',
      );
    }
  }
  return {
    host,
    port: s.port,
    tls,
    publicUrl: publicUrl === '' ? null : publicUrl.replace(/\/+$/, ''),
    warning,
  };
}
