/**
 * A small event emitter with the methods callers of mqtt-packet's parser use (`on`, `once`, `off`,
 * `emit`, …), written for every runtime: Node's `events` module is not available in browsers.
 * Like Node's, emitting `'error'` with no listener throws the error.
 *
 * @module
 */

/** A listener; `once` wrappers keep the original in `listener` so `off(fn)` finds them. */
type Listener = ((...args: any[]) => void) & { listener?: (...args: any[]) => void };

/** The event methods of mqtt-packet's parser (a Node EventEmitter there). */
export class Emitter {
  private events: Map<string | symbol, Listener[]> = new Map();
  private maxListeners = 10;

  /** Adds `listener` for `event`. */
  on(event: string | symbol, listener: (...args: any[]) => void): this {
    const list = this.events.get(event);
    if (list === undefined) this.events.set(event, [listener]);
    else list.push(listener);
    return this;
  }

  /** Same as {@link Emitter.on}. */
  addListener(event: string | symbol, listener: (...args: any[]) => void): this {
    return this.on(event, listener);
  }

  /** Adds `listener` before the others. */
  prependListener(event: string | symbol, listener: (...args: any[]) => void): this {
    const list = this.events.get(event);
    if (list === undefined) this.events.set(event, [listener]);
    else list.unshift(listener);
    return this;
  }

  /** Adds `listener` for the next `event` only. */
  once(event: string | symbol, listener: (...args: any[]) => void): this {
    return this.on(event, this.onceWrapper(event, listener));
  }

  /** Adds `listener`, before the others, for the next `event` only. */
  prependOnceListener(event: string | symbol, listener: (...args: any[]) => void): this {
    return this.prependListener(event, this.onceWrapper(event, listener));
  }

  private onceWrapper(event: string | symbol, listener: (...args: any[]) => void): Listener {
    const wrapper: Listener = (...args: any[]) => {
      this.off(event, wrapper);
      listener.apply(this, args);
    };
    wrapper.listener = listener;
    return wrapper;
  }

  /** Removes the last-added registration of `listener` for `event`. */
  off(event: string | symbol, listener: (...args: any[]) => void): this {
    const list = this.events.get(event);
    if (list === undefined) return this;
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i] === listener || list[i].listener === listener) {
        list.splice(i, 1);
        break;
      }
    }
    if (list.length === 0) this.events.delete(event);
    return this;
  }

  /** Same as {@link Emitter.off}. */
  removeListener(event: string | symbol, listener: (...args: any[]) => void): this {
    return this.off(event, listener);
  }

  /** Removes every listener of `event`, or of every event. */
  removeAllListeners(event?: string | symbol): this {
    if (event === undefined) this.events.clear();
    else this.events.delete(event);
    return this;
  }

  /**
   * Calls the listeners of `event` in order; returns whether there were any. An `'error'` with no
   * listener is thrown, as Node's EventEmitter does.
   */
  emit(event: string | symbol, ...args: any[]): boolean {
    const list = this.events.get(event);
    if (list === undefined) {
      if (event === 'error') throw args[0];
      return false;
    }
    // Stryker disable next-line BlockStatement,ConditionalExpression: without this block (or with `false`) the copy-and-loop path below calls the one listener the same way (only slower). (`true`, disabled with them, calls only the first of several listeners: the tests see that.)
    if (list.length === 1) {
      // The common case (one 'packet' listener): no copy, and a direct call for one argument.
      const fn = list[0];
      // Stryker disable next-line ConditionalExpression: equivalent (`false`); `apply` with the one argument makes the same call. (`true`, disabled with it, drops the arguments after the first: the tests see that.)
      if (args.length === 1) fn.call(this, args[0]);
      else fn.apply(this, args);
      return true;
    }
    // A copy: listeners may remove themselves (once) or others while being called.
    const calls = list.slice();
    for (let i = 0; i < calls.length; i++) calls[i].apply(this, args);
    return true;
  }

  /** The number of listeners of `event`. */
  listenerCount(event: string | symbol): number {
    return this.events.get(event)?.length ?? 0;
  }

  /** The listeners of `event` (the original functions of `once` registrations). */
  listeners(event: string | symbol): Array<(...args: any[]) => void> {
    return (this.events.get(event) ?? []).map((fn) => fn.listener ?? fn);
  }

  /** The listeners of `event` as registered (`once` wrappers included). */
  rawListeners(event: string | symbol): Array<(...args: any[]) => void> {
    return (this.events.get(event) ?? []).slice();
  }

  /** The events that have listeners. */
  eventNames(): Array<string | symbol> {
    return [...this.events.keys()];
  }

  /** Kept for compatibility; this emitter never warns about many listeners. */
  setMaxListeners(n: number): this {
    this.maxListeners = n;
    return this;
  }

  /** The value last given to {@link Emitter.setMaxListeners} (10 by default). */
  getMaxListeners(): number {
    return this.maxListeners;
  }
}
