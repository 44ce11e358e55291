import { describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../shared/contract';
import { AppError } from '../../shared/result';
import { formatZodPath } from '../../shared/errors';
import { localCaller, type Caller } from './caller';
import { createDispatcher, type AuditedCall } from './dispatcher';
import { EventHub } from './event-hub';
import { desktopUser, sampleSettingsView, stubHandlers } from './testing/stub-handlers';

const view = sampleSettingsView;
const handlers = stubHandlers;

describe('dispatcher', () => {
  it('runs a handler and wraps its value', async () => {
    const d = createDispatcher(handlers(), new EventHub());
    await expect(d.dispatch('settings.get', {}, desktopUser)).resolves.toEqual({
      ok: true,
      value: view,
    });
  });

  it('refuses an unknown method without throwing', async () => {
    const d = createDispatcher(handlers(), new EventHub());
    const result = await d.dispatch('shows.dropAll', {}, desktopUser);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('refuses invalid input with the field path, before the handler runs', async () => {
    let called = false;
    const d = createDispatcher(
      handlers({
        'settings.update': () => {
          called = true;
          return view;
        },
      }),
      new EventHub(),
    );
    const result = await d.dispatch(
      'settings.update',
      { cablecast: { timeoutMs: 'soon' } },
      desktopUser,
    );
    expect(called).toBe(false);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', path: 'cablecast.timeoutMs' },
    });
    if (!result.ok) expect(result.error.message).toContain('cablecast.timeoutMs');
  });

  it('refuses unknown keys (a typo must not be silently ignored)', async () => {
    const d = createDispatcher(handlers(), new EventHub());
    const result = await d.dispatch(
      'settings.update',
      { cablecast: { serverURL: 'x' } },
      desktopUser,
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('refuses input that is not an object at all', async () => {
    const d = createDispatcher(handlers(), new EventHub());
    for (const input of [42, 'x', [1]]) {
      const result = await d.dispatch('settings.get', input, desktopUser);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
  });

  it('turns an AppError into its envelope and anything else into INTERNAL', async () => {
    const seen: string[] = [];
    const d = createDispatcher(
      handlers({
        'settings.get': () => {
          throw new AppError('NOT_FOUND', 'No such show 7', 'showId');
        },
        'settings.update': () => {
          throw new TypeError('boom');
        },
      }),
      new EventHub(),
      { onError: (method, info) => seen.push(`${method}:${info.code}`) },
    );
    await expect(d.dispatch('settings.get', {}, desktopUser)).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such show 7', path: 'showId' },
    });
    const internal = await d.dispatch('settings.update', {}, desktopUser);
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(seen).toEqual(['settings.get:NOT_FOUND', 'settings.update:INTERNAL']);
  });

  it('fans events out to subscribers and survives a broken one', () => {
    const hub = new EventHub();
    const d = createDispatcher(handlers(), hub);
    const got: string[] = [];
    d.subscribe(() => {
      throw new Error('a closed window');
    });
    const off = d.subscribe((event) => got.push(event));
    hub.emit('settings.changed', view);
    off();
    hub.emit('settings.changed', view);
    expect(got).toEqual(['settings.changed']);
  });

  it('refuses a caller without the access a method declares, naming the method', async () => {
    let called = false;
    const d = createDispatcher(
      handlers({
        'settings.update': () => {
          called = true;
          return view;
        },
      }),
      new EventHub(),
    );
    const reader: Caller = { ...desktopUser, id: 'viewer', access: new Set(['read']) };
    const refused = await d.dispatch('settings.update', {}, reader);
    expect(called).toBe(false);
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'settings.update needs admin access, which viewer does not have.',
      },
    });
    await expect(d.dispatch('settings.get', {}, reader)).resolves.toMatchObject({ ok: true });
  });

  it('hands the handler the caller', async () => {
    const seen: Caller[] = [];
    const d = createDispatcher(
      handlers({
        'settings.get': (_input, caller) => {
          seen.push(caller);
          return view;
        },
      }),
      new EventHub(),
    );
    const session = localCaller('browser-session', 'http', 'token holder');
    await d.dispatch('settings.get', {}, session);
    expect(seen).toEqual([session]);
  });

  it('tells the audit of every call that may change something, refused or not', async () => {
    const calls: AuditedCall[] = [];
    const d = createDispatcher(
      handlers({
        'settings.update': () => {
          throw new AppError('CONFLICT', 'Changed meanwhile');
        },
        'sync.start': () => ({}) as MethodOutput<'sync.start'>,
        'tokens.list': () => ({ tokens: [] }),
      }),
      new EventHub(),
      { audit: (call) => calls.push(call) },
    );
    const reader: Caller = { ...desktopUser, id: 'viewer', access: new Set(['read']) };
    await d.dispatch('settings.get', {}, desktopUser); // read: not audited
    await d.dispatch('tokens.list', {}, desktopUser); // an admin's glance: not audited either
    await d.dispatch('sync.start', { mode: 'full' }, desktopUser);
    await d.dispatch('sync.start', { mode: 'full' }, reader);
    await d.dispatch('settings.update', {}, desktopUser);
    await d.dispatch('sync.start', { mode: 'sideways' }, desktopUser);
    await d.dispatch('sync.start', {}, localCaller('system', 'internal', 'scheduler'));
    expect(
      calls.map((c) => [c.method, c.caller.id, c.error?.code ?? 'ok', JSON.stringify(c.input)]),
    ).toEqual([
      ['sync.start', 'desktop-user', 'ok', '{"mode":"full"}'],
      ['sync.start', 'viewer', 'FORBIDDEN', '{"mode":"full"}'],
      ['settings.update', 'desktop-user', 'CONFLICT', '{}'],
      ['sync.start', 'desktop-user', 'INVALID_ARGUMENT', '{"mode":"sideways"}'],
    ]);
  });

  it('formats zod paths the way people read them', () => {
    expect(formatZodPath(['shows', 3, 'eventDate'])).toBe('shows[3].eventDate');
    expect(formatZodPath([])).toBe('');
  });
});
