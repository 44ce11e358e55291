import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type ClientMetadata, type Configuration } from 'oidc-provider';

/**
 * A real OpenID Connect identity provider (`oidc-provider`) on 127.0.0.1 for tests: accounts with
 * a `roles` claim, a sign-in form of its own (a user name, no password: it is a test provider),
 * consent granted as asked, RP-initiated sign-out. It stands for the station's Keycloak, Entra ID
 * or Google Workspace.
 */
export interface TestAccount {
  name: string;
  email: string;
  roles: string[];
}

export interface TestIdpOptions {
  accounts: Record<string, TestAccount>;
  clients: ClientMetadata[];
  /** Seconds an ID token is valid (default an hour). */
  idTokenTtl?: number;
}

export interface TestIdp {
  issuer: string;
  close(): Promise<void>;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startTestIdp(options: TestIdpOptions): Promise<TestIdp> {
  let provider: Provider | null = null;
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: randomUUID(),
    alg: 'RS256',
    use: 'sig',
  };

  const configuration: Configuration = {
    clients: options.clients,
    jwks: { keys: [jwk] },
    cookies: { keys: [randomUUID()] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'email', 'roles', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name'], email: ['email'], roles: ['roles'] },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    ttl: {
      IdToken: options.idTokenTtl ?? 3_600,
      AccessToken: 3_600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 86_400,
      Grant: 86_400,
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const account = options.accounts[id];
      if (account === undefined) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, name: account.name, email: account.email, roles: account.roles }),
      };
    },
  };
  provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (match === null || provider === null) {
      await callback(req, res);
      return;
    }
    const uid = match[1] ?? '';
    if (match[2] === undefined) {
      const details = await provider.interactionDetails(req, res);
      const signedIn = details.session?.accountId;
      if (details.prompt.name === 'consent' && signedIn !== undefined) {
        // Consent is granted as asked: a station's provider is set up to trust its own app.
        await finish(req, res, details, signedIn);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        page(
          'Test identity provider',
          `<form method="post" action="/interaction/${uid}/login"><label>User name <input name="login" autocomplete="off"></label> <button type="submit">Sign in</button></form>`,
        ),
      );
      return;
    }
    const details = await provider.interactionDetails(req, res);
    const login = (await readForm(req)).get('login') ?? '';
    if (options.accounts[login] === undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        page(
          'Test identity provider',
          `<p role="alert">No such user.</p><form method="post" action="/interaction/${uid}/login"><label>User name <input name="login"></label> <button type="submit">Sign in</button></form>`,
        ),
      );
      return;
    }
    await finish(req, res, details, login);
  }

  async function finish(
    req: IncomingMessage,
    res: ServerResponse,
    details: Awaited<ReturnType<Provider['interactionDetails']>>,
    accountId: string,
  ): Promise<void> {
    if (provider === null) return;
    const clientId = String(details.params.client_id);
    const grant =
      (details.grantId ? await provider.Grant.find(details.grantId) : undefined) ??
      new provider.Grant({ accountId, clientId });
    const scope = details.params.scope;
    grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
    const claims = (details.prompt.details as { missingOIDCClaims?: string[] }).missingOIDCClaims;
    if (claims) grant.addOIDCClaims(claims);
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    issuer,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
