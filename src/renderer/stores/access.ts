import { create } from 'zustand';
import type { ApiTokenView, AuditEntry, AuditQuery, Role } from '../../shared/access';
import type { Api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import { busyAction, type FieldProblem } from '../lib/busy-action';

/** The audit filter as the screen edits it (paging is the store's). */
export type AuditFilter = Pick<AuditQuery, 'actor' | 'action' | 'outcome' | 'from' | 'to'>;

export const EMPTY_AUDIT_FILTER: AuditFilter = {
  actor: '',
  action: '',
  outcome: 'any',
  from: null,
  to: null,
};

const PAGE = 100;

interface AccessState {
  tokens: ApiTokenView[] | null;
  tokensError: string | null;
  busy: boolean;
  problem: FieldProblem | null;
  /** A token just made: shown until dismissed, then never again. */
  shownToken: { name: string; token: string } | null;
  loadTokens: () => Promise<void>;
  createToken: (name: string, role: Role) => Promise<boolean>;
  revokeToken: (id: number) => Promise<void>;
  dismissToken: () => void;

  filter: AuditFilter;
  entries: AuditEntry[];
  total: number;
  auditLoading: boolean;
  auditError: string | null;
  setFilter: (patch: Partial<AuditFilter>) => Promise<void>;
  loadAudit: () => Promise<void>;
  loadMore: () => Promise<void>;
  exportCsv: () => Promise<{ csv: string; count: number } | null>;
}

/** Settings › API tokens, and the Audit trail screen. */
export function createAccessStore(api: Api) {
  let request = 0;
  const store = create<AccessState>()((set, get) => {
    const act = busyAction(get, set);
    return {
      tokens: null,
      tokensError: null,
      busy: false,
      problem: null,
      shownToken: null,

      async loadTokens() {
        try {
          const { tokens } = await api.call('tokens.list', {});
          set({ tokens, tokensError: null });
        } catch (error) {
          set({ tokensError: errorMessage(error) });
        }
      },

      createToken(name, role) {
        return act(async () => {
          const made = await api.call('tokens.create', { name, role });
          set({ shownToken: { name: made.info.name, token: made.token } });
          await get().loadTokens();
        });
      },

      async revokeToken(id) {
        await act(async () => {
          const { tokens } = await api.call('tokens.revoke', { id });
          set({ tokens });
        });
      },

      dismissToken() {
        set({ shownToken: null });
      },

      filter: EMPTY_AUDIT_FILTER,
      entries: [],
      total: 0,
      auditLoading: false,
      auditError: null,

      async setFilter(patch) {
        set({ filter: { ...get().filter, ...patch } });
        await get().loadAudit();
      },

      async loadAudit() {
        const mine = ++request;
        set({ auditLoading: true });
        try {
          const page = await api.call('audit.list', { ...get().filter, limit: PAGE });
          if (mine !== request) return;
          set({ entries: page.entries, total: page.total, auditError: null });
        } catch (error) {
          if (mine === request) set({ auditError: errorMessage(error) });
        } finally {
          if (mine === request) set({ auditLoading: false });
        }
      },

      async loadMore() {
        const last = get().entries.at(-1);
        if (last === undefined || get().auditLoading) return;
        const mine = ++request;
        set({ auditLoading: true });
        try {
          const page = await api.call('audit.list', {
            ...get().filter,
            before: last.id,
            limit: PAGE,
          });
          if (mine !== request) return;
          set({ entries: [...get().entries, ...page.entries], auditError: null });
        } catch (error) {
          if (mine === request) set({ auditError: errorMessage(error) });
        } finally {
          if (mine === request) set({ auditLoading: false });
        }
      },

      async exportCsv() {
        try {
          return await api.call('audit.export', get().filter);
        } catch (error) {
          set({ auditError: errorMessage(error) });
          return null;
        }
      },
    };
  });
  return store;
}

export type AccessStore = ReturnType<typeof createAccessStore>;
