import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../main/electron/test/fake-electron'));

import type { ArchivistBridge } from '../shared/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_SESSION_CHANNEL } from '../shared/contract';
import { contextBridge, ipcRenderer, webUtils } from '../main/electron/test/fake-electron';

let archivist: ArchivistBridge;

beforeAll(async () => {
  await import('./index');
  archivist = contextBridge.exposed.get('archivist') as ArchivistBridge;
});

afterEach(() => {
  ipcRenderer.invocations.length = 0;
  ipcRenderer.invokeImpl = () => Promise.resolve({ ok: true, value: null });
  // Every test unsubscribes what it subscribed; the preload must then drop its IPC listener.
  expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  vi.restoreAllMocks();
});

const settingsView = { settings: {} } as never;

/** The desktop sign-in half of the bridge, which the preload always exposes. */
function desktopSession(): NonNullable<ArchivistBridge['session']> {
  if (!archivist.session) throw new Error('The preload exposes no session.');
  return archivist.session;
}

describe('what the page gets', () => {
  it('is exactly one object, window.archivist, with invoke, on, mediaUrl, pathForFile and session', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['archivist']);
    expect(Object.keys(archivist).sort()).toEqual([
      'invoke',
      'mediaUrl',
      'on',
      'pathForFile',
      'session',
    ]);
    const { session: _session, ...functions } = archivist;
    for (const value of Object.values(functions)) expect(typeof value).toBe('function');
    const session = desktopSession();
    expect(Object.keys(session).sort()).toEqual(['get', 'signIn', 'signOut']);
    expect([typeof session.get, typeof session.signIn, typeof session.signOut]).toEqual([
      'function',
      'function',
      'function',
    ]);
    // Nothing that reaches ipcRenderer or webUtils, or names a channel.
    expect(Object.values(archivist)).not.toContain(ipcRenderer);
    expect(Object.values(archivist)).not.toContain(webUtils);
    expect(JSON.stringify(Object.keys(archivist))).not.toMatch(/send|ipc|channel/i);
  });
});

describe('mediaUrl', () => {
  it('names a recording by id under archivist-media://, never by path', () => {
    expect(archivist.mediaUrl(7)).toBe('archivist-media://recording/7');
    expect(archivist.mediaUrl(21413)).toBe('archivist-media://recording/21413');
    expect(ipcRenderer.invocations).toEqual([]);
  });
});

describe('pathForFile', () => {
  it("gives a dropped file's disk path from webUtils", () => {
    const file = new File(['x'], 'council.mp4');
    webUtils.paths.set(file, '/videos/council.mp4');
    expect(archivist.pathForFile(file)).toBe('/videos/council.mp4');
  });

  it('gives null for a file that is not on disk, or something that is not a file', () => {
    expect(archivist.pathForFile(new File(['x'], 'made-in-the-page.vtt'))).toBeNull();
    const throwing = vi.spyOn(webUtils, 'getPathForFile').mockImplementation(() => {
      throw new TypeError('Error processing argument at index 0, conversion failure');
    });
    expect(archivist.pathForFile({} as File)).toBeNull();
    expect(throwing).toHaveBeenCalled();
  });
});

describe('session', () => {
  it('asks over its own channel, and passes only envelopes to the page', async () => {
    const answer = { ok: true, value: { signInRequired: true, who: null } };
    ipcRenderer.invokeImpl = () => Promise.resolve(answer);
    await expect(desktopSession().get()).resolves.toEqual(answer);
    await expect(desktopSession().signIn()).resolves.toEqual(answer);
    expect(ipcRenderer.invocations).toEqual([
      { channel: IPC_SESSION_CHANNEL, args: ['get'] },
      { channel: IPC_SESSION_CHANNEL, args: ['signIn'] },
    ]);
    ipcRenderer.invokeImpl = () => Promise.resolve({ surprise: true });
    await expect(desktopSession().signOut()).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    ipcRenderer.invokeImpl = () => Promise.reject(new Error('boom'));
    await expect(desktopSession().get()).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('boom') },
    });
  });
});

describe('invoke', () => {
  it('sends a contract method over the invoke channel and returns the envelope', async () => {
    ipcRenderer.invokeImpl = () => Promise.resolve({ ok: true, value: { name: 'Archivist' } });
    await expect(archivist.invoke('app.info', {})).resolves.toEqual({
      ok: true,
      value: { name: 'Archivist' },
    });
    expect(ipcRenderer.invocations).toEqual([
      { channel: IPC_INVOKE_CHANNEL, args: ['app.info', {}] },
    ]);
  });

  it('passes an error envelope through unchanged', async () => {
    const envelope = {
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'Invalid input', path: 'password' },
    };
    ipcRenderer.invokeImpl = () => Promise.resolve(envelope);
    await expect(archivist.invoke('connection.setPassword', { password: '' })).resolves.toEqual(
      envelope,
    );
  });

  it('refuses an unknown method without any IPC', async () => {
    const invoke = archivist.invoke as (method: string, input: unknown) => Promise<unknown>;
    for (const method of ['fs.readFile', '__proto__', 'constructor', 'toString']) {
      await expect(invoke(method, {}), method).resolves.toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_METHOD' },
      });
    }
    expect(ipcRenderer.invocations).toEqual([]);
  });

  it('turns a failure on the main side into an INTERNAL envelope', async () => {
    ipcRenderer.invokeImpl = () =>
      Promise.reject(new Error("Error invoking remote method 'archivist:invoke': boom"));
    await expect(archivist.invoke('app.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INTERNAL', message: expect.stringContaining('boom') as unknown },
    });
  });

  it('never hands the page something that is not an envelope', async () => {
    for (const answer of [undefined, null, 'ok', { ok: 'yes' }, { ok: false, error: 'x' }]) {
      ipcRenderer.invokeImpl = () => Promise.resolve(answer);
      await expect(archivist.invoke('app.info', {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'INTERNAL' },
      });
    }
  });
});

describe('on', () => {
  it('delivers only the payload of the named event, never the IPC event object', () => {
    const listener = vi.fn();
    const other = vi.fn();
    const off = archivist.on('settings.changed', listener);
    const offOther = archivist.on('connection.tested', other);
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(1);

    ipcRenderer.emitFromMain(IPC_EVENT_CHANNEL, 'settings.changed', settingsView);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([settingsView]);
    expect(JSON.stringify(listener.mock.calls)).not.toContain('ipc-event-object');
    expect(other).not.toHaveBeenCalled();

    ipcRenderer.emitFromMain(IPC_EVENT_CHANNEL, 'not.an.event', {});
    expect(listener).toHaveBeenCalledTimes(1);
    off();
    offOther();
  });

  it('stops delivering after unsubscribe, and unsubscribing twice is harmless', () => {
    const first = vi.fn();
    const second = vi.fn();
    const offFirst = archivist.on('settings.changed', first);
    const offSecond = archivist.on('settings.changed', second);
    offFirst();
    offFirst();
    ipcRenderer.emitFromMain(IPC_EVENT_CHANNEL, 'settings.changed', settingsView);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledTimes(1);
    offSecond();
    ipcRenderer.emitFromMain(IPC_EVENT_CHANNEL, 'settings.changed', settingsView);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const listener = vi.fn();
    const offA = archivist.on('settings.changed', listener);
    const offB = archivist.on('settings.changed', listener);
    offA();
    ipcRenderer.emitFromMain(IPC_EVENT_CHANNEL, 'settings.changed', settingsView);
    expect(listener).toHaveBeenCalledTimes(1);
    offB();
  });

  it('refuses an unknown event name or a non-function listener', () => {
    const on = archivist.on as (event: string, listener: unknown) => () => void;
    expect(() => on('fs.changed', () => undefined)).toThrow(/No such event/);
    expect(() => on('settings.changed', 'not a function')).toThrow(/not a function/);
    expect(ipcRenderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
  });

  it('keeps delivering to other listeners when one throws', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const after = vi.fn();
    const offBad = archivist.on('settings.changed', () => {
      throw new Error('bad listener');
    });
    const offAfter = archivist.on('settings.changed', after);
    ipcRenderer.emitFromMain(IPC_EVENT_CHANNEL, 'settings.changed', settingsView);
    expect(after).toHaveBeenCalledTimes(1);
    expect(errors).toHaveBeenCalled();
    offBad();
    offAfter();
  });
});
