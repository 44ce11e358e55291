import { ipcMain as electronIpcMain } from 'electron';
import {
  IPC_EVENT_CHANNEL,
  IPC_INVOKE_CHANNEL,
  IPC_SESSION_CHANNEL,
  type DesktopSession,
} from '../../shared/contract';
import type { ErrorInfo, Result } from '../../shared/result';
import { errorToInfo, type Dispatcher } from '../contract';
import { isAppUrl } from '../../shared/app-origin';
import type { Caller } from '../contract';
import { DESKTOP_USER } from './desktop-user';

/*
 * The only file in the main process that touches `ipcMain` (lint enforces it). Types are the narrow
 * shapes this file reads, which Electron's `IpcMain`, `IpcMainInvokeEvent` and `WebContents`
 * satisfy, so tests can hand in plain objects.
 */

interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
  readonly processId: number;
  readonly routingId: number;
}

export interface WebContentsLike {
  readonly id: number;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
}

interface InvokeEventLike {
  readonly sender: WebContentsLike;
  readonly senderFrame: FrameLike | null;
}

interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

/** The WebContents of the windows we created: the only ones allowed to call, and to hear events. */
export interface TrustedWebContents {
  add(contents: WebContentsLike): void;
  has(contents: WebContentsLike): boolean;
  list(): WebContentsLike[];
}

export function createTrustedWebContents(): TrustedWebContents {
  const byId = new Map<number, WebContentsLike>();
  return {
    add(contents) {
      byId.set(contents.id, contents);
      // Ids are not reused while the app runs, but a destroyed WebContents must not linger.
      contents.once('destroyed', () => byId.delete(contents.id));
    },
    has(contents) {
      // The sender is filled in by Electron from the browser side; a page cannot forge its id.
      return byId.has(contents.id) && !contents.isDestroyed();
    },
    list() {
      return [...byId.values()];
    },
  };
}

function forbidden(message: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: { code: 'FORBIDDEN_SENDER', message } };
}

/**
 * Why a call must be refused, or null. A call is accepted only from a window we created, from its
 * top-level frame (an iframe, even one of ours, may not call), whose page is on `app://archivist`.
 */
function refuseSender(event: InvokeEventLike, trusted: TrustedWebContents): string | null {
  const { sender, senderFrame } = event;
  if (!trusted.has(sender)) return 'The call came from a window Archivist did not open.';
  // Null when the frame navigated away or was destroyed while the message was in flight.
  if (senderFrame === null) return 'The calling frame is gone.';
  const main = sender.mainFrame;
  const isMainFrame =
    senderFrame.parent === null &&
    senderFrame.processId === main.processId &&
    senderFrame.routingId === main.routingId;
  if (!isMainFrame) return 'The call came from a subframe, not the window itself.';
  if (!isAppUrl(senderFrame.url)) return 'The call came from a page that is not Archivist.';
  return null;
}

interface IpcDeps {
  /** Electron's `ipcMain` unless a test passes its own; other files never import `ipcMain`. */
  ipcMain?: IpcMainLike;
  dispatcher: Dispatcher;
  trusted: TrustedWebContents;
  /** Where refused calls are reported (they mean a bug, or an attack). */
  warn?: (message: string, fields?: Record<string, unknown>) => void;
  /**
   * Who the calls are from (the signed-in user while sign-in is on) and the sign-in itself;
   * without it, the one local user with every role.
   */
  identity?: {
    caller(): Caller;
    state(): DesktopSession;
    signInNow(): Promise<DesktopSession>;
    signOutNow(): Promise<DesktopSession>;
  };
}

/**
 * Carries the contract over IPC: one invoke channel for calls, one event channel for pushes.
 * Returns a function that removes the handler and the event subscription.
 */
export function registerIpc(deps: IpcDeps): () => void {
  const { dispatcher, trusted } = deps;
  const ipcMain = deps.ipcMain ?? electronIpcMain;
  const warn = deps.warn ?? (() => undefined);

  ipcMain.handle(
    IPC_INVOKE_CHANNEL,
    async (event, method: unknown, input: unknown): Promise<Result<unknown>> => {
      const refusal = refuseSender(event, trusted);
      if (refusal !== null) {
        warn('IPC call refused', {
          reason: refusal,
          method: typeof method === 'string' ? method : typeof method,
          url: event.senderFrame?.url ?? null,
        });
        return forbidden(refusal);
      }
      if (typeof method !== 'string') {
        return {
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: 'The method name is not a string.' },
        };
      }
      try {
        return await dispatcher.dispatch(method, input, deps.identity?.caller() ?? DESKTOP_USER);
      } catch (error) {
        // The dispatcher promises not to throw; if it ever does, the page still gets an envelope
        // instead of Electron's opaque "Error invoking remote method".
        return { ok: false, error: errorToInfo(error) };
      }
    },
  );

  ipcMain.handle(
    IPC_SESSION_CHANNEL,
    async (event, action: unknown): Promise<Result<DesktopSession>> => {
      const refusal = refuseSender(event, trusted);
      if (refusal !== null) {
        warn('IPC sign-in call refused', { reason: refusal, url: event.senderFrame?.url ?? null });
        return forbidden(refusal);
      }
      const identity = deps.identity;
      try {
        if (identity === undefined) {
          return { ok: true, value: { signInRequired: false, who: null } };
        }
        if (action === 'get') return { ok: true, value: identity.state() };
        if (action === 'signIn') return { ok: true, value: await identity.signInNow() };
        if (action === 'signOut') return { ok: true, value: await identity.signOutNow() };
        return {
          ok: false,
          error: { code: 'INVALID_ARGUMENT', message: 'Ask get, signIn or signOut.' },
        };
      } catch (error) {
        return { ok: false, error: errorToInfo(error) };
      }
    },
  );

  const unsubscribe = dispatcher.subscribe((name, payload) => {
    for (const contents of trusted.list()) {
      if (contents.isDestroyed()) continue;
      // A window that somehow left our origin hears nothing (navigation guards should prevent it).
      if (!isAppUrl(contents.getURL())) continue;
      try {
        contents.send(IPC_EVENT_CHANNEL, name, payload);
      } catch (error) {
        warn('event not delivered', { event: name, error });
      }
    }
  });

  return () => {
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
    ipcMain.removeHandler(IPC_SESSION_CHANNEL);
    unsubscribe();
  };
}
