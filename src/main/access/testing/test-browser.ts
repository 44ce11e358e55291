/**
 * A browser for sign-in tests: keeps cookies per host and path as a browser does, follows no
 * redirect by itself (the test sees each hop and may tamper with one), and can fill the test
 * identity provider's form. Real HTTP, no mocks.
 */
interface Cookie {
  name: string;
  value: string;
  host: string;
  path: string;
}

export class TestBrowser {
  private cookies: Cookie[] = [];

  private keep(url: URL, headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((p) => p.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      let path = '/';
      let remove = false;
      for (const attribute of attributes) {
        const [key = '', v = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = v;
        if (key.toLowerCase() === 'max-age' && Number(v) <= 0) remove = true;
        if (key.toLowerCase() === 'expires' && Date.parse(v) < Date.now()) remove = true;
      }
      this.cookies = this.cookies.filter(
        (c) => !(c.name === name && c.host === url.host && c.path === path),
      );
      if (!remove) this.cookies.push({ name, value, host: url.host, path });
    }
  }

  /** The cookie header this browser would send to `url`. */
  cookieHeader(url: URL): string {
    return this.cookies
      .filter(
        (c) =>
          c.host === url.host &&
          (url.pathname === c.path ||
            url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  cookie(host: string, name: string): string | null {
    return this.cookies.find((c) => c.host === host && c.name === name)?.value ?? null;
  }

  /** One request, no redirect followed. */
  async request(
    url: string | URL,
    init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const cookie = this.cookieHeader(target);
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
      ...(init.body === undefined ? {} : { body: init.body }),
    });
    this.keep(target, response.headers);
    return response;
  }

  /**
   * Follows redirects from `url` until one leads to `stopAt` (an address prefix), and returns
   * that address without requesting it; or the last response when none does.
   */
  async follow(
    url: string,
    stopAt: string,
  ): Promise<{ stoppedAt: string } | { response: Response; url: string }> {
    let next = url;
    for (let hop = 0; hop < 20; hop++) {
      if (next.startsWith(stopAt)) return { stoppedAt: next };
      const response = await this.request(next);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) {
        return { response, url: next };
      }
      next = new URL(location, next).href;
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  /**
   * From the app's `/auth/login` (or a provider address) through the test provider's form as
   * `login`, to the provider's answer at `callbackPrefix`: returns that answer's address, not yet
   * delivered to the app.
   */
  async signInAtProvider(start: string, login: string, callbackPrefix: string): Promise<string> {
    const first = await this.follow(start, callbackPrefix);
    if ('stoppedAt' in first) return first.stoppedAt;
    const html = await first.response.text();
    const action = /action="([^"]+)"/.exec(html)?.[1];
    if (action === undefined) {
      throw new Error(`No sign-in form (status ${first.response.status}): ${html.slice(0, 500)}`);
    }
    const formUrl = new URL(action, first.url).href;
    const posted = await this.request(formUrl, {
      method: 'POST',
      body: new URLSearchParams({ login }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const location = posted.headers.get('location');
    if (location === null) {
      throw new Error(
        `The provider did not sign ${login} in: ${(await posted.text()).slice(0, 500)}`,
      );
    }
    const done = await this.follow(new URL(location, formUrl).href, callbackPrefix);
    if ('stoppedAt' in done) return done.stoppedAt;
    throw new Error(
      `The provider did not come back to ${callbackPrefix} (status ${done.response.status}): ${(await done.response.text()).slice(0, 500)}`,
    );
  }
}
