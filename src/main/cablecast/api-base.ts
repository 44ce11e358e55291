import { AppError } from '../../shared/result';

const FIELD = 'cablecast.serverUrl';

/** Path segments of Cablecast's own web pages: an address pasted from the browser bar. */
const WEB_UI_SEGMENTS = new Set(['ui', 'cablecast', 'cablecastpublicsite', 'cablecastcg']);

function invalid(message: string): AppError {
  return new AppError('INVALID_ARGUMENT', message, FIELD);
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '::1' ||
    /^127(\.\d{1,3}){3}$/.test(host)
  );
}

// A host name as DNS allows it (letters, digits, hyphens, dots), an IPv4 address, or a bracketed
// IPv6 address. The URL parser alone accepts things like "not a server" once a scheme is added
// (it percent-encodes them), which would turn a typo into a confusing "could not reach" later.
function isPlausibleHost(hostname: string): boolean {
  if (hostname.startsWith('[') && hostname.endsWith(']')) return true;
  if (hostname.length === 0 || hostname.length > 253) return false;
  // A trailing dot (fully qualified name) is fine; an empty label anywhere else is not.
  return hostname
    .replace(/\.$/, '')
    .split('.')
    .every((label) => /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i.test(label));
}

/**
 * Turns whatever an operator typed into the API base the client talks to: `{origin}{prefix}/cablecastapi/v1`.
 *
 * Accepts a bare host (`demo.cablecast.tv`), an origin, or any spelling of the API path
 * (`/CablecastAPI/v1/`, `/cablecastapi/V1`), and keeps a path prefix when the server lives under one
 * (`https://host/sub/CablecastAPI/v1` → `https://host/sub/cablecastapi/v1`). Without a scheme, https is
 * assumed except for loopback hosts, where a local simulator or tunnel speaks plain http.
 *
 * @throws AppError INVALID_ARGUMENT (path `cablecast.serverUrl`) with a sentence saying what is wrong.
 */
export function normalizeApiBase(input: string): string {
  const text = input.trim();
  if (text === '') {
    throw invalid(
      'Enter the Cablecast server address, for example https://yourstation.cablecast.tv.',
    );
  }
  if (/\s/.test(text)) {
    throw invalid(`"${text}" is not a server address: it contains spaces.`);
  }

  let withScheme = text;
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (schemeMatch) {
    const scheme = (schemeMatch[1] ?? '').toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') {
      throw invalid(
        `"${text}" is not a web address: Cablecast is reached over https:// (or http://).`,
      );
    }
  } else {
    if (text.startsWith('/') || text.startsWith(':')) {
      throw invalid(
        `"${text}" has no server name. Enter an address such as https://yourstation.cablecast.tv.`,
      );
    }
    const hostPart = (text.split(/[/?#]/)[0] ?? '').replace(/:\d+$/, '');
    withScheme = `${isLoopbackHost(hostPart) ? 'http' : 'https'}://${text}`;
  }

  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid(`"${text}" is not a valid server address.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw invalid(
      'Leave the user name and password out of the server address; enter them in their own fields.',
    );
  }
  if (!isPlausibleHost(url.hostname)) {
    throw invalid(`"${url.hostname}" is not a valid server name.`);
  }
  const segments = url.pathname
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  let prefix: string[];
  const apiIndex = segments.findIndex((s) => s.toLowerCase() === 'cablecastapi');
  if (apiIndex >= 0) {
    prefix = segments.slice(0, apiIndex);
  } else if (segments.length > 0 && WEB_UI_SEGMENTS.has((segments[0] ?? '').toLowerCase())) {
    // Someone copied the address of Cablecast's web UI; its API sits at the root of the same host.
    prefix = [];
  } else {
    prefix = segments;
  }
  const prefixPath = prefix.map((s) => `/${encodeURIComponent(s)}`).join('');
  return `${url.origin}${prefixPath}/cablecastapi/v1`;
}

/** The server as people know it (`https://host` or `https://host/sub`), for messages. */
export function serverLabelFromApiBase(apiBase: string): string {
  return apiBase.replace(/\/cablecastapi\/v1\/?$/i, '');
}
