import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./test/fake-electron'));

import {
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  IPC_SESSION_CHANNEL,
  type AppInfo,
} from '../../shared/contract';
import { AppError } from '../../shared/result';
import { createDispatcher, EventHub, roleCaller, whoAmI } from '../contract';
import { stubHandlers } from '../contract/testing/stub-handlers';
import { createTrustedWebContents, registerIpc, type TrustedWebContents } from './ipc';
import {
  FakeWebContents,
  FakeWebFrameMain,
  ipcMain,
  resetFakeElectron,
} from './test/fake-electron';

const APP_PAGE = 'app://archivist/index.html';

const info: AppInfo = {
  name: 'Archivist Desktop',
  version: '0.1.0',
  host: 'electron',
  dataDir: '/data',
  demoServerUrl: null,
};

function makeCore() {
  const hub = new EventHub();
  const calls: Array<{ method: string; input: unknown }> = [];
  const handlers = stubHandlers({
    'app.info': (input) => {
      calls.push({ method: 'app.info', input });
      return info;
    },
    'connection.setPassword': (input) => {
      calls.push({ method: 'connection.setPassword', input });
      throw new AppError('UNAVAILABLE', 'The keychain is locked.');
    },
  });
  const dispatcher = createDispatcher(handlers, hub);
  const dispatch = vi.spyOn(dispatcher, 'dispatch');
  return { hub, dispatcher, dispatch, calls };
}

let core: ReturnType<typeof makeCore>;
let trusted: TrustedWebContents;
let window: FakeWebContents;
let dispose: () => void;
const warn = vi.fn();

beforeEach(() => {
  resetFakeElectron();
  warn.mockClear();
  core = makeCore();
  trusted = createTrustedWebContents();
  window = new FakeWebContents(APP_PAGE);
  trusted.add(window);
  dispose = registerIpc({ ipcMain, dispatcher: core.dispatcher, trusted, warn });
});

function call(from: Parameters<typeof ipcMain.invokeAs>[1], method: unknown, input?: unknown) {
  return ipcMain.invokeAs(IPC_INVOKE_CHANNEL, from, method, input);
}

describe('invoke: sender checks', () => {
  it('dispatches a call from the main frame of our window on app://archivist', async () => {
    await expect(call({ sender: window }, 'app.info', {})).resolves.toEqual({
      ok: true,
      value: info,
    });
    expect(core.calls).toEqual([{ method: 'app.info', input: {} }]);
  });

  it('refuses a window we did not create', async () => {
    const stranger = new FakeWebContents(APP_PAGE);
    const result = await call({ sender: stranger }, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(core.dispatch).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith('IPC call refused', expect.anything());
  });

  it('refuses a subframe, even one on our origin', async () => {
    const frame = window.mainFrame.addChild(APP_PAGE);
    const result = await call({ sender: window, senderFrame: frame }, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it('refuses a top-level frame that is not the window’s main frame', async () => {
    const elsewhere = new FakeWebContents(APP_PAGE).mainFrame;
    const { processId, routingId } = window.mainFrame;
    const sameProcess = new FakeWebFrameMain(APP_PAGE, null, processId);
    const sameRoutingId = new FakeWebFrameMain(APP_PAGE, null, processId + 1, routingId);
    for (const frame of [elsewhere, sameProcess, sameRoutingId]) {
      const result = await call({ sender: window, senderFrame: frame }, 'app.info', {});
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it.each([
    'https://evil.example/',
    'file:///home/ops/evil.html',
    'app://archivist.evil/index.html',
    'app://archivist:8080/index.html',
    'http://localhost:5173/',
    'about:blank',
    '',
  ])('refuses our window’s main frame when it shows %j', async (url) => {
    await window.loadURL(url);
    const result = await call({ sender: window }, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(core.dispatch).not.toHaveBeenCalled();
  });

  it('refuses a call whose frame is gone', async () => {
    const result = await call({ sender: window, senderFrame: null }, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('refuses a window once it is destroyed', async () => {
    window.destroy();
    expect(trusted.list()).toEqual([]);
    const result = await call({ sender: window }, 'app.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });
});

describe('invoke: what the dispatcher says passes through', () => {
  it('returns INVALID_ARGUMENT for input the contract refuses, without running the handler', async () => {
    const result = await call({ sender: window }, 'connection.setPassword', { password: '' });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        message: 'Invalid input to connection.setPassword at password: The password is empty.',
        path: 'password',
      },
    });
    expect(core.calls).toEqual([]);
  });

  it('returns INVALID_ARGUMENT for unexpected keys', async () => {
    const result = await call({ sender: window }, 'app.info', { sneaky: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('returns the handler’s own error envelope', async () => {
    const result = await call({ sender: window }, 'connection.setPassword', { password: 'pw' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'The keychain is locked.' },
    });
  });

  it('returns UNKNOWN_METHOD for a name outside the contract, and for a non-string', async () => {
    await expect(call({ sender: window }, 'fs.readFile', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
    await expect(call({ sender: window }, { toString: 'x' }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_METHOD' },
    });
  });

  it('turns a dispatcher that throws into an INTERNAL envelope', async () => {
    core.dispatch.mockRejectedValueOnce(new Error('boom'));
    await expect(call({ sender: window }, 'app.info', {})).resolves.toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Unexpected error: boom' },
    });
  });
});

describe('events', () => {
  const payload = {
    ok: true,
    apiBase: null,
    serverVersion: null,
    siteName: 'CTV',
    user: null,
    canWrite: null,
    rights: '',
    problem: null,
    elapsedMs: 1,
    testedAt: '2025-01-01T00:00:00.000Z',
  };

  it('fans out to every trusted window, and to no other', () => {
    const second = new FakeWebContents(APP_PAGE);
    trusted.add(second);
    const stranger = new FakeWebContents(APP_PAGE);
    core.hub.emit('connection.tested', payload);
    const expected = [{ channel: IPC_EVENT_CHANNEL, args: ['connection.tested', payload] }];
    expect(window.sent).toEqual(expected);
    expect(second.sent).toEqual(expected);
    expect(stranger.sent).toEqual([]);
  });

  it('skips destroyed windows and windows that left the app origin', async () => {
    const gone = new FakeWebContents(APP_PAGE);
    trusted.add(gone);
    const wandered = new FakeWebContents(APP_PAGE);
    trusted.add(wandered);
    // Destroyed without telling the registry (the `destroyed` event not yet delivered).
    vi.spyOn(gone, 'isDestroyed').mockReturnValue(true);
    await wandered.loadURL('https://evil.example/');
    core.hub.emit('connection.tested', payload);
    expect(window.sent).toHaveLength(1);
    expect(gone.sent).toEqual([]);
    expect(wandered.sent).toEqual([]);
  });

  it('keeps delivering to other windows when one send throws', () => {
    const broken = new FakeWebContents(APP_PAGE);
    trusted.add(broken);
    vi.spyOn(broken, 'send').mockImplementation(() => {
      throw new Error('render process gone');
    });
    const later = new FakeWebContents(APP_PAGE);
    trusted.add(later);
    core.hub.emit('connection.tested', payload);
    expect(later.sent).toHaveLength(1);
    expect(warn).toHaveBeenCalledWith('event not delivered', expect.anything());
  });
});

describe('dispose', () => {
  it('removes the handler and stops events', () => {
    dispose();
    expect(ipcMain.handlers.has(IPC_INVOKE_CHANNEL)).toBe(false);
    core.hub.emit('settings.changed', {} as never);
    expect(window.sent).toEqual([]);
  });

  it('lets IPC be registered again afterwards', () => {
    dispose();
    const again = registerIpc({ ipcMain, dispatcher: core.dispatcher, trusted });
    expect(ipcMain.handlers.has(IPC_INVOKE_CHANNEL)).toBe(true);
    again();
  });
});

describe('the desktop sign-in channel', () => {
  function identity(signedIn: boolean) {
    const olivia = roleCaller('desktop-user', 'ipc', 'Olivia Operator', 'operator');
    const state = () => ({
      signInRequired: true,
      who: signedIn ? whoAmI(olivia) : null,
    });
    return {
      caller: () => (signedIn ? olivia : { ...olivia, id: 'nobody', access: new Set<never>() }),
      state,
      signInNow: vi.fn(() => {
        signedIn = true;
        return Promise.resolve(state());
      }),
      signOutNow: vi.fn(() => {
        signedIn = false;
        return Promise.resolve(state());
      }),
    };
  }

  it("carries calls as the signed-in user's, and signs in and out for our window only", async () => {
    dispose();
    const id = identity(false);
    dispose = registerIpc({ ipcMain, dispatcher: core.dispatcher, trusted, warn, identity: id });
    // Signed out: nothing is allowed, not even a look.
    expect(await call({ sender: window }, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const stranger = new FakeWebContents(APP_PAGE);
    expect(
      await ipcMain.invokeAs(IPC_SESSION_CHANNEL, { sender: stranger }, 'signIn'),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(id.signInNow).not.toHaveBeenCalled();
    expect(await ipcMain.invokeAs(IPC_SESSION_CHANNEL, { sender: window }, 'signIn')).toMatchObject(
      { ok: true, value: { who: { name: 'Olivia Operator', role: 'operator', signedIn: true } } },
    );
    // Signed in as an operator: a look is allowed, the settings are not.
    expect(await call({ sender: window }, 'app.info', {})).toMatchObject({ ok: true });
    expect(core.dispatch).toHaveBeenLastCalledWith(
      'app.info',
      {},
      expect.objectContaining({ id: 'Olivia Operator', role: 'operator' }),
    );
    expect(await call({ sender: window }, 'settings.update', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      await ipcMain.invokeAs(IPC_SESSION_CHANNEL, { sender: window }, 'signOut'),
    ).toMatchObject({ ok: true, value: { who: null } });
    expect(await ipcMain.invokeAs(IPC_SESSION_CHANNEL, { sender: window }, 'dance')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });
});
