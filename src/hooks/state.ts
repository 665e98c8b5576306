// What one hook leaves for another, or for its own post-exit step, during
// one run of the shim: a value per slot, typed by the slot. A hook declares
// its slot next to the type it stores (`slot<GuardState>('guard')`), so
// readers get that type back without a cast and without this module
// knowing any hook.
declare const slotType: unique symbol;

export interface Slot<T> {
  readonly name: string;
  // Carries T for the type checker only; never set.
  readonly [slotType]?: T;
}

export function slot<T>(name: string): Slot<T> {
  return { name };
}

export class HookState {
  readonly #values = new Map<Slot<unknown>, unknown>();

  get<T>(slot: Slot<T>): T | undefined {
    // The only way in is set() with the same slot, so the value is a T.
    return this.#values.get(slot) as T | undefined;
  }

  set<T>(slot: Slot<T>, value: T): void {
    this.#values.set(slot, value);
  }
}
