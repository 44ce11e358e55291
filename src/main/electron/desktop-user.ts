import type { MethodInput, MethodName, MethodOutput } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { errorToInfo, localCaller, type Dispatcher } from '../contract';

/**
 * Whoever sits at the desktop app: a trusted window's calls are theirs, and so are the tray's
 * (pausing the queue from the menu is the same person as pausing it on the Publish screen).
 */
export const DESKTOP_USER = localCaller('desktop-user', 'ipc');

/**
 * A call the main process makes for the desktop user (the tray, a notification), typed by the
 * contract. It goes through the dispatcher like a window's call: the same checks, the same
 * envelope, and it never throws.
 */
export async function callAsDesktopUser<M extends MethodName>(
  dispatcher: Dispatcher,
  method: M,
  input: MethodInput<M>,
): Promise<Result<MethodOutput<M>>> {
  try {
    // The dispatcher checked the output's method against the contract; only the type is lost.
    return (await dispatcher.dispatch(method, input, DESKTOP_USER)) as Result<MethodOutput<M>>;
  } catch (error) {
    return { ok: false, error: errorToInfo(error) };
  }
}
