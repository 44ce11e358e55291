import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiTokenView, AuditEntry } from '../../shared/access';
import { ApiError } from '../lib/api-error';
import { FakeApi, settle } from '../lib/testing/fake-api';
import { createAccessStore, type AccessStore } from './access';

function entry(id: number, actor = 'dana'): AuditEntry {
  return {
    id,
    at: '2026-12-05T09:00:00.000Z',
    actor,
    actorKind: 'browser-session',
    transport: 'http',
    action: 'publish.enqueue',
    target: `recording ${id}`,
    detail: '{}',
    outcome: 'ok',
    message: '',
  };
}

const TOKEN: ApiTokenView = {
  id: 1,
  name: 'playout script',
  role: 'operator',
  prefix: 'arch_AbCde',
  createdAt: '2026-12-05T09:00:00.000Z',
  createdBy: 'dana',
  lastUsedAt: null,
  revokedAt: null,
  revokedBy: null,
};

let api: FakeApi;
let store: AccessStore;
const s = () => store.getState();

beforeEach(() => {
  api = new FakeApi();
  store = createAccessStore(api);
});

describe('the access store', () => {
  it('shows a new token once, keeps the list, and forgets the token when dismissed', async () => {
    const made = s().createToken('playout script', 'operator');
    api.next('tokens.create').resolve({ token: 'arch_secret', info: TOKEN });
    await settle();
    api.next('tokens.list').resolve({ tokens: [TOKEN] });
    expect(await made).toBe(true);
    expect(s().shownToken).toEqual({ name: 'playout script', token: 'arch_secret' });
    expect(s().tokens).toEqual([TOKEN]);
    s().dismissToken();
    expect(s().shownToken).toBeNull();
    expect(JSON.stringify(s())).not.toContain('arch_secret');
  });

  it('names the field a refused token name is wrong in, and shows no token', async () => {
    const made = s().createToken('', 'operator');
    api
      .next('tokens.create')
      .reject(
        new ApiError({ code: 'INVALID_ARGUMENT', message: 'Give the token a name.', path: 'name' }),
      );
    expect(await made).toBe(false);
    expect(s().problem).toMatchObject({ path: 'name' });
    expect(s().shownToken).toBeNull();
  });

  it('keeps the entries of the filter chosen last when answers come out of order', async () => {
    void s().setFilter({ actor: 'sam' });
    void s().setFilter({ actor: 'dana' });
    const [first, second] = api.pending('audit.list');
    expect(second?.input).toMatchObject({ actor: 'dana', limit: 100 });
    second?.resolve({ entries: [entry(2)], total: 1 });
    first?.resolve({ entries: [entry(1, 'sam')], total: 1 });
    await settle();
    expect(s().entries.map((e) => e.actor)).toEqual(['dana']);
    expect(s().auditLoading).toBe(false);
  });

  it('pages older entries after the last one shown, and a new filter drops a page in flight', async () => {
    void s().loadAudit();
    api.next('audit.list').resolve({ entries: [entry(9), entry(8)], total: 4 });
    await settle();
    void s().loadMore();
    expect(api.next('audit.list').input).toMatchObject({ before: 8 });
    api.next('audit.list').resolve({ entries: [entry(7), entry(6)], total: 4 });
    await settle();
    expect(s().entries.map((e) => e.id)).toEqual([9, 8, 7, 6]);

    void s().loadMore();
    void s().setFilter({ outcome: 'failed' });
    const [older, filtered] = api.pending('audit.list');
    filtered?.resolve({ entries: [entry(3)], total: 1 });
    older?.resolve({ entries: [entry(5)], total: 4 });
    await settle();
    expect(s().entries.map((e) => e.id)).toEqual([3]);
    expect(s().total).toBe(1);
  });
});
