import type { WebhooksSettings } from '../../shared/settings';
import type { CoreModule, EventHub } from '../contract';
import type { AppDatabase } from '../db/database';
import type { JobRunner } from '../jobs';
import type { Logger } from '../logging/logger';
import type { SecretStore } from '../secrets/secret-store';
import { WebhooksService } from './webhooks.service';

type WebhooksMethod =
  | 'webhooks.list'
  | 'webhooks.add'
  | 'webhooks.remove'
  | 'webhooks.rotate'
  | 'webhooks.test'
  | 'webhooks.deliveries'
  | 'webhooks.resend';

export interface WebhooksModule extends CoreModule<WebhooksMethod> {
  readonly service: WebhooksService;
}

export interface WebhooksModuleOptions {
  database: AppDatabase;
  runner: JobRunner;
  secrets: SecretStore;
  settings: () => WebhooksSettings;
  hub: EventHub;
  logger: Logger;
  /** The WEBHOOK_* variables name endpoints made at start-up. */
  env?: Record<string, string | undefined>;
  now?: () => number;
}

/** Webhook endpoints, the outbox and its deliveries, and the contract handlers that reach them. */
export function createWebhooksModule(options: WebhooksModuleOptions): WebhooksModule {
  const { hub } = options;
  const service = new WebhooksService({
    database: options.database,
    runner: options.runner,
    secrets: options.secrets,
    settings: options.settings,
    logger: options.logger,
    ...(options.now === undefined ? {} : { now: options.now }),
    onChanged: () => hub.emit('webhooks.changed', {}),
  });
  let unsubscribe: (() => void) | null = null;
  return {
    name: 'webhooks',
    service,
    handlers: {
      'webhooks.list': () => ({ endpoints: service.endpoints() }),
      'webhooks.add': (input) => service.addEndpoint(input),
      'webhooks.remove': async ({ id }) => {
        await service.removeEndpoint(id);
        return { endpoints: service.endpoints() };
      },
      'webhooks.rotate': ({ id, graceHours }) => service.rotate(id, graceHours),
      'webhooks.test': ({ id }) => service.sendTest(id),
      'webhooks.deliveries': (filter) => ({ deliveries: service.deliveries(filter) }),
      'webhooks.resend': ({ deliveryId }) => service.resend(deliveryId),
    },
    async start() {
      unsubscribe = hub.subscribe((event) => {
        if (event === 'settings.changed') service.settingsChanged();
      });
      service.start();
      try {
        const problems = await service.addEnvironmentEndpoints(options.env ?? {});
        for (const problem of problems) options.logger.warn(problem);
      } catch (error) {
        // Without a keychain no endpoint can be made: webhooks wait until there is one.
        options.logger.warn('webhook endpoints from the environment were not made', { error });
      }
    },
    dispose() {
      unsubscribe?.();
      service.dispose();
      return Promise.resolve();
    },
  };
}
