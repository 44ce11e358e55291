import type { z } from 'zod';
import {
  isMethodName,
  methods,
  type AppEvents,
  type EventName,
  type MethodName,
  type MethodOutput,
} from '../../shared/contract';
import { AppError, type ErrorInfo, type Result } from '../../shared/result';

export type Handlers = {
  [M in MethodName]: (
    input: z.output<(typeof methods)[M]['input']>,
  ) => Promise<MethodOutput<M>> | MethodOutput<M>;
};

export type EventListener = <E extends EventName>(event: E, payload: AppEvents[E]) => void;

/**
 * The one place where a call from any shell enters the core: the method name is checked against
 * the contract, the input is validated with the contract's schema, and whatever the handler throws
 * becomes an error envelope. Shells (IPC, HTTP) only carry bytes to and from here.
 */
export interface Dispatcher {
  dispatch(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: EventListener): () => void;
}

export function formatZodPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

export function zodErrorToInfo(error: z.ZodError, what: string): ErrorInfo {
  const issue = error.issues[0];
  const path = issue ? formatZodPath(issue.path) : '';
  const where = path === '' ? what : `${what} at ${path}`;
  return {
    code: 'INVALID_ARGUMENT',
    message: `Invalid ${where}: ${issue?.message ?? 'not accepted'}`,
    ...(path === '' ? {} : { path }),
  };
}

export function errorToInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  if (
    typeof error === 'object' &&
    error !== null &&
    'toAppError' in error &&
    typeof error.toAppError === 'function'
  ) {
    return (error as { toAppError(): AppError }).toAppError().toInfo();
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `Unexpected error: ${message}` };
}

export class EventHub {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: AppEvents[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(event, payload);
      } catch {
        // One broken subscriber (a closed window, a dropped SSE client) must not stop the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function createDispatcher(
  handlers: Handlers,
  hub: EventHub,
  onError?: (method: string, info: ErrorInfo, error: unknown) => void,
): Dispatcher {
  return {
    async dispatch(method, input) {
      if (!isMethodName(method)) {
        return {
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: `No such method: ${method}` },
        };
      }
      const parsed = methods[method].input.safeParse(input ?? {});
      if (!parsed.success) {
        return { ok: false, error: zodErrorToInfo(parsed.error, `input to ${method}`) };
      }
      try {
        const handler = handlers[method] as (input: unknown) => unknown;
        const value = await handler(parsed.data);
        return { ok: true, value };
      } catch (error) {
        const info = errorToInfo(error);
        onError?.(method, info, error);
        return { ok: false, error: info };
      }
    },
    subscribe(listener) {
      return hub.subscribe(listener);
    },
  };
}
