import type {
  AppEvents,
  EventName,
  MethodInput,
  MethodName,
  MethodOutput,
} from '../../../shared/contract';
import type { Api } from '../api';

/** A call the store made and the test has not answered yet. */
interface FakeCall<M extends MethodName = MethodName> {
  method: M;
  input: MethodInput<M>;
  resolve(value: MethodOutput<M>): void;
  reject(error: unknown): void;
}

/**
 * An `Api` for store tests: every call waits until the test answers it, so the test decides the
 * order answers arrive in, and `emit` plays an event from the core.
 */
export class FakeApi implements Api {
  /** Calls not answered yet, oldest first. */
  private readonly waiting: FakeCall[] = [];
  /** Every call made, answered or not, in order. */
  readonly log: { method: MethodName; input: unknown }[] = [];
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    this.log.push({ method, input });
    return new Promise<MethodOutput<M>>((resolve, reject) => {
      const call: FakeCall<M> = {
        method,
        input,
        resolve: (value) => {
          this.forget(call);
          resolve(value);
        },
        reject: (error) => {
          this.forget(call);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      };
      this.waiting.push(call);
    });
  }

  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => {
      this.listeners.get(event)?.delete(entry);
    };
  }

  mediaUrl(recordingId: number): string {
    return `media://${recordingId}`;
  }

  pathForFile(): string | null {
    return null;
  }

  /** Plays an event from the core to every subscriber. */
  emit<E extends EventName>(event: E, payload: AppEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      (listener as (payload: AppEvents[E]) => void)(payload);
    }
  }

  /** How many subscribers an event has. */
  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** The unanswered calls of `method`, oldest first. */
  pending<M extends MethodName>(method: M): FakeCall<M>[] {
    return this.waiting.filter((c) => c.method === method) as unknown as FakeCall<M>[];
  }

  /** The oldest unanswered call of `method`; throws when there is none, naming what is waiting. */
  next<M extends MethodName>(method: M): FakeCall<M> {
    const call = this.pending(method)[0];
    if (!call) {
      const waiting = this.waiting.map((c) => c.method).join(', ') || 'nothing';
      throw new Error(`No ${method} call is waiting (waiting: ${waiting}).`);
    }
    return call;
  }

  /** How many times `method` was called in all. */
  count(method: MethodName): number {
    return this.log.filter((c) => c.method === method).length;
  }

  private forget(call: FakeCall<MethodName>): void {
    const at = this.waiting.indexOf(call);
    if (at >= 0) this.waiting.splice(at, 1);
  }
}

/** Lets every answer already given run through the store's promise chains. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
