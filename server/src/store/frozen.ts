// Deep freezing for the states the Redis store keeps between updates. Those states are handed
// to update functions by reference; freezing turns a stray mutation (a bug elsewhere) into a
// TypeError at the culprit instead of a cache that silently disagrees with Redis.
//
// States are plain JSON: objects, arrays and primitives. A frozen object is taken to be frozen
// all the way down, as these functions leave it: the domain never freezes anything itself.
// (A WeakSet of what was frozen here would not need that assumption, but costs five times the
// freezing itself.)

type Json = Record<string, unknown> | unknown[];

/** Freezes `value` and everything in it, in place: for objects no one else holds, such as a fresh JSON.parse. */
export function freezeDeeply<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  const node = value as Json;
  for (const key in node) freezeDeeply((node as Record<string, unknown>)[key]);
  return Object.freeze(value);
}

/**
 * A deeply frozen equal of `value` that leaves `value` itself alone, for objects the caller
 * keeps (and may mutate). Frozen parts are shared, not copied: a new state built by spreading a
 * frozen one (`{ ...state, order: [...state.order, id] }`) costs only its new parts.
 */
export function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(frozenCopy)) as T;
  const copy: Record<string, unknown> = {};
  const node = value as Record<string, unknown>;
  // for…in, not Object.entries: no [key, value] pair allocated per field of every state kept.
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    // Keys include ids; a plain assignment to "__proto__" would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: frozenCopy(node[key]), enumerable: true });
    else copy[key] = frozenCopy(node[key]);
  }
  return Object.freeze(copy) as T;
}
