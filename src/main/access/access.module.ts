import type { SsoSettings } from '../../shared/settings';
import { whoAmI, type CoreModule } from '../contract';
import type { SecretStore } from '../secrets/secret-store';
import { AccessRepo } from './access.repo';
import { AccessService, type AccessServiceOptions } from './access.service';
import { SignInService } from './sign-in.service';

type AccessMethod =
  | 'tokens.list'
  | 'tokens.create'
  | 'tokens.revoke'
  | 'audit.list'
  | 'audit.export'
  | 'session.whoami'
  | 'sso.status'
  | 'sso.setClientSecret'
  | 'sso.clearClientSecret'
  | 'sso.test';

export interface AccessModule extends CoreModule<AccessMethod> {
  readonly service: AccessService;
  readonly signIn: SignInService;
  /** The browser host's sign-in callback address, once it listens (for Settings › Sign-in). */
  setRedirectUri(uri: string | null): void;
}

export interface AccessModuleOptions extends AccessServiceOptions {
  settings: () => SsoSettings;
  secrets: SecretStore;
  env: Record<string, string | undefined>;
}

/**
 * Access: who may call the core and what they did. API tokens, the audit trail (the dispatcher
 * reports every call that may change something to `service.recordCall`), and single sign-on with
 * the sessions it opens (the browser host asks `signIn` who a bearer or a cookie is).
 */
export function createAccessModule(options: AccessModuleOptions): AccessModule {
  const service = new AccessService(options);
  const signIn = new SignInService({
    repo: new AccessRepo(options.database),
    settings: options.settings,
    secrets: options.secrets,
    env: options.env,
    record: (entry) => service.record(entry),
    logger: options.logger,
    now: options.now ?? Date.now,
  });
  let redirectUri: string | null = null;
  return {
    name: 'access',
    service,
    signIn,
    setRedirectUri(uri) {
      redirectUri = uri;
    },
    handlers: {
      'tokens.list': () => ({ tokens: service.tokens() }),
      'tokens.create': (input, caller) => service.createToken(input, caller),
      'tokens.revoke': ({ id }, caller) => ({ tokens: service.revokeToken(id, caller) }),
      'audit.list': (query) => service.audit(query),
      'audit.export': (query) => service.exportAudit(query),
      'session.whoami': (_input, caller) => whoAmI(caller),
      'sso.status': () => signIn.status(redirectUri),
      'sso.setClientSecret': async ({ secret }) => {
        await signIn.setClientSecret(secret);
        return signIn.status(redirectUri);
      },
      'sso.clearClientSecret': async () => {
        await signIn.clearClientSecret();
        return signIn.status(redirectUri);
      },
      'sso.test': ({ settings }) => signIn.test(settings),
    },
    start() {
      const pruned = signIn.pruneSessions();
      if (pruned > 0) options.logger.info('forgot ended sessions', { count: pruned });
    },
    dispose: () => Promise.resolve(),
  };
}
