import type { CoreModule } from '../contract';
import { AccessService, type AccessServiceOptions } from './access.service';

type AccessMethod =
  'tokens.list' | 'tokens.create' | 'tokens.revoke' | 'audit.list' | 'audit.export';

export interface AccessModule extends CoreModule<AccessMethod> {
  readonly service: AccessService;
}

/**
 * Access: the station host's API tokens and the audit trail. The dispatcher reports every call
 * that may change something to `service.recordCall`; the browser host asks `service.authenticate`
 * who a bearer is.
 */
export function createAccessModule(options: AccessServiceOptions): AccessModule {
  const service = new AccessService(options);
  return {
    name: 'access',
    service,
    handlers: {
      'tokens.list': () => ({ tokens: service.tokens() }),
      'tokens.create': (input, caller) => service.createToken(input, caller),
      'tokens.revoke': ({ id }, caller) => ({ tokens: service.revokeToken(id, caller) }),
      'audit.list': (query) => service.audit(query),
      'audit.export': (query) => service.exportAudit(query),
    },
    start() {},
    dispose: () => Promise.resolve(),
  };
}
