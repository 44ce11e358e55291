import type { AppEvents, EventName } from '../../shared/contract';

export type EventListener = <E extends EventName>(event: E, payload: AppEvents[E]) => void;

/** The core's events fanned out to every subscriber (the shells' bridges, other modules). */
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
