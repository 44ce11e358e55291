import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/result';
import { normalizeApiBase, serverLabelFromApiBase } from './api-base';

describe('normalizeApiBase', () => {
  it.each([
    ['demo.cablecast.tv', 'https://demo.cablecast.tv/cablecastapi/v1'],
    ['  demo.cablecast.tv  ', 'https://demo.cablecast.tv/cablecastapi/v1'],
    ['https://demo.cablecast.tv', 'https://demo.cablecast.tv/cablecastapi/v1'],
    ['https://demo.cablecast.tv/', 'https://demo.cablecast.tv/cablecastapi/v1'],
    ['https://Demo.Cablecast.TV/CablecastAPI/v1', 'https://demo.cablecast.tv/cablecastapi/v1'],
    ['https://host.example/cablecastapi/v1/', 'https://host.example/cablecastapi/v1'],
    ['https://host.example/CABLECASTAPI/V1', 'https://host.example/cablecastapi/v1'],
    ['https://host.example/cablecastapi', 'https://host.example/cablecastapi/v1'],
    [
      'https://host.example/cablecastapi/v1/shows/870?include=vod',
      'https://host.example/cablecastapi/v1',
    ],
    ['http://127.0.0.1:1234/cablecastAPI/V1', 'http://127.0.0.1:1234/cablecastapi/v1'],
    ['127.0.0.1:1234', 'http://127.0.0.1:1234/cablecastapi/v1'],
    ['localhost:8080/CablecastAPI/v1', 'http://localhost:8080/cablecastapi/v1'],
    ['http://[::1]:9000', 'http://[::1]:9000/cablecastapi/v1'],
    ['http://vod.station.org', 'http://vod.station.org/cablecastapi/v1'],
    ['https://vod.scctv.org:443/CablecastAPI/v1', 'https://vod.scctv.org/cablecastapi/v1'],
    ['https://host.example:8443', 'https://host.example:8443/cablecastapi/v1'],
    ['https://host.example/sub/CablecastAPI/v1', 'https://host.example/sub/cablecastapi/v1'],
    ['https://host.example/sub/', 'https://host.example/sub/cablecastapi/v1'],
    ['https://host.example/Cablecast/Shows', 'https://host.example/cablecastapi/v1'],
    ['https://host.example/ui/api-docs/explorer', 'https://host.example/cablecastapi/v1'],
    ['https://host.example/#/shows', 'https://host.example/cablecastapi/v1'],
    ['cablecast01', 'https://cablecast01/cablecastapi/v1'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeApiBase(input)).toBe(expected);
  });

  it.each([
    ['', /Enter the Cablecast server address/],
    ['   ', /Enter the Cablecast server address/],
    ['not a server', /contains spaces/],
    ['ftp://host.example', /https:\/\//],
    ['file:///etc/passwd', /https:\/\//],
    ['https://', /not a valid server address/],
    ['https://user:pass@host.example', /user name and password/],
    ['https://exa_mple!.com', /not a valid server name|not a valid server address/],
    ['/cablecastapi/v1', /no server name/],
    ['https://-bad-.example', /not a valid server name/],
    ['https://a..example', /not a valid server/],
  ])('rejects %j with a clear message', (input, message) => {
    let caught: unknown;
    try {
      normalizeApiBase(input);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppError);
    const appError = caught as AppError;
    expect(appError.code).toBe('INVALID_ARGUMENT');
    expect(appError.path).toBe('cablecast.serverUrl');
    expect(appError.message).toMatch(message);
  });
});

describe('serverLabelFromApiBase', () => {
  it('drops the API path for messages', () => {
    expect(serverLabelFromApiBase('https://x.example/sub/cablecastapi/v1')).toBe(
      'https://x.example/sub',
    );
  });
});
