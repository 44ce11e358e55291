import { create } from 'zustand';
import type {
  WebhookDeliveryRow,
  WebhookEndpointView,
  WebhookEventType,
  WebhookSecretShown,
} from '../../shared/webhooks';
import type { Api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import { busyAction, type FieldProblem } from '../lib/busy-action';

export type WebhookProblem = FieldProblem;

interface WebhooksState {
  endpoints: WebhookEndpointView[] | null;
  deliveries: WebhookDeliveryRow[];
  loadError: string | null;
  busy: boolean;
  problem: WebhookProblem | null;
  /** A secret just made (a new endpoint or a rotation): shown until dismissed, then never again. */
  shownSecret: { endpointId: number; url: string; secret: string } | null;
  load: () => Promise<void>;
  add: (input: {
    url: string;
    events: WebhookEventType[];
    description: string;
  }) => Promise<boolean>;
  remove: (id: number) => Promise<void>;
  rotate: (id: number) => Promise<void>;
  sendTest: (id: number) => Promise<void>;
  resend: (deliveryId: number) => Promise<void>;
  dismissSecret: () => void;
}

/** Settings › Webhooks: the endpoints, the secret shown once, and the delivery log. */
export function createWebhooksStore(api: Api) {
  const store = create<WebhooksState>()((set, get) => {
    const act = busyAction(get, set);
    /** A new endpoint's or a rotated secret, kept on screen until dismissed. */
    async function showSecret(call: () => Promise<WebhookSecretShown>): Promise<boolean> {
      return act(async () => {
        const shown = await call();
        const { id, url } = shown.endpoint;
        set({ shownSecret: { endpointId: id, url, secret: shown.secret } });
        await get().load();
      });
    }

    return {
      endpoints: null,
      deliveries: [],
      loadError: null,
      busy: false,
      problem: null,
      shownSecret: null,

      async load() {
        try {
          const [{ endpoints }, { deliveries }] = await Promise.all([
            api.call('webhooks.list', {}),
            api.call('webhooks.deliveries', { limit: 50 }),
          ]);
          set({ endpoints, deliveries, loadError: null });
        } catch (error) {
          set({ loadError: errorMessage(error) });
        }
      },

      add(input) {
        return showSecret(() => api.call('webhooks.add', input));
      },

      async remove(id) {
        await act(async () => {
          const { endpoints } = await api.call('webhooks.remove', { id });
          set({ endpoints });
          await get().load();
        });
      },

      async rotate(id) {
        await showSecret(() => api.call('webhooks.rotate', { id, graceHours: 24 }));
      },

      async sendTest(id) {
        await act(async () => {
          await api.call('webhooks.test', { id });
          await get().load();
        });
      },

      async resend(deliveryId) {
        await act(async () => {
          await api.call('webhooks.resend', { deliveryId });
          await get().load();
        });
      },

      dismissSecret() {
        set({ shownSecret: null });
      },
    };
  });

  // Deliveries move on their own (attempts, retries): the log follows, a few times a second at most.
  let timer: ReturnType<typeof setTimeout> | null = null;
  const off = api.on('webhooks.changed', () => {
    if (timer || store.getState().endpoints === null) return;
    timer = setTimeout(() => {
      timer = null;
      void store.getState().load();
    }, 300);
  });
  function dispose(): void {
    off();
    if (timer) clearTimeout(timer);
  }
  return Object.assign(store, { dispose });
}

export type WebhooksStore = ReturnType<typeof createWebhooksStore>;
