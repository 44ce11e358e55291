import type { z } from 'zod';
import {
  accessOf,
  isAudited,
  isMethodName,
  methods,
  type MethodName,
  type MethodOutput,
} from '../../shared/contract';
import type { ErrorInfo, Result } from '../../shared/result';
import { describeCaller, type Caller } from './caller';
import { errorToInfo, zodErrorToInfo } from './errors';
import type { EventHub, EventListener } from './event-hub';

/** A method's handler: the validated input, and who is calling. */
export type Handler<M extends MethodName> = (
  input: z.output<(typeof methods)[M]['input']>,
  caller: Caller,
) => Promise<MethodOutput<M>> | MethodOutput<M>;

export type Handlers = { [M in MethodName]: Handler<M> };

/** The handlers of the methods under one contract prefix (`shows.`, `library.`, ...). */
export type HandlersFor<Prefix extends string> = Pick<
  Handlers,
  Extract<MethodName, `${Prefix}.${string}`>
>;

/**
 * The one place where a call from any shell enters the core: the method name is checked against
 * the contract, the caller's access against the method's, the input is validated with the
 * contract's schema, and whatever the handler throws becomes an error envelope. Shells (IPC,
 * HTTP, the command line) only carry bytes and say who is calling.
 */
export interface Dispatcher {
  dispatch(method: string, input: unknown, caller: Caller): Promise<Result<unknown>>;
  subscribe(listener: EventListener): () => void;
}

/** A call that may change something, as it ended: what the audit trail keeps. */
export interface AuditedCall {
  method: string;
  /** The input as sent (before the schema's defaults); the recorder blanks secrets. */
  input: unknown;
  caller: Caller;
  /** Null when it succeeded. */
  error: ErrorInfo | null;
}

export interface DispatcherOptions {
  onError?: (method: string, info: ErrorInfo, error: unknown) => void;
  /**
   * Told of every call to a method that needs more than read access (those that change
   * something), refused or not, once it has ended. Internal callers are not audited.
   */
  audit?: (call: AuditedCall) => void;
}

export function createDispatcher(
  handlers: Handlers,
  hub: EventHub,
  options: DispatcherOptions = {},
): Dispatcher {
  const { onError } = options;
  async function run(method: string, input: unknown, caller: Caller): Promise<Result<unknown>> {
    if (!isMethodName(method)) {
      return {
        ok: false,
        error: { code: 'UNKNOWN_METHOD', message: `No such method: ${method}` },
      };
    }
    const access = accessOf(method);
    if (!caller.access.has(access)) {
      return {
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: `${method} needs ${access} access, which ${describeCaller(caller)} does not have.`,
        },
      };
    }
    const parsed = methods[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      return { ok: false, error: zodErrorToInfo(parsed.error, `input to ${method}`) };
    }
    try {
      const handler = handlers[method] as (input: unknown, caller: Caller) => unknown;
      const value = await handler(parsed.data, caller);
      return { ok: true, value };
    } catch (error) {
      const info = errorToInfo(error);
      onError?.(method, info, error);
      return { ok: false, error: info };
    }
  }
  return {
    async dispatch(method, input, caller) {
      const result = await run(method, input, caller);
      if (options.audit && caller.kind !== 'system' && isMethodName(method) && isAudited(method)) {
        try {
          options.audit({ method, input, caller, error: result.ok ? null : result.error });
        } catch (error) {
          onError?.(method, errorToInfo(error), error);
        }
      }
      return result;
    },
    subscribe(listener) {
      return hub.subscribe(listener);
    },
  };
}
