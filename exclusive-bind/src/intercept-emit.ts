/**
 * Puts a function in front of an emitter's `emit` until the returned function takes it away.
 * Intercepting emit (not adding listeners) is what keeps retried EADDRINUSE errors away from the
 * caller's own 'error' listeners, whenever they were added.
 */
type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;

export function interceptEmit(target: object, intercept: (original: Emit) => Emit): () => void {
  const own = Object.getOwnPropertyDescriptor(target, 'emit');
  const emitter = target as { emit: Emit };
  const original = emitter.emit;
  // Plain assignments, both ways. `delete` would switch the object to V8's slow dictionary mode,
  // and defineProperty (to keep the property non-enumerable) gives it a shape of its own: either
  // makes every later operation on the server slower, and listen + close measurably so. What stays
  // is an own, enumerable `emit` that is the inherited function as it was at the call: a later
  // patch of the prototype's emit does not reach this object.
  emitter.emit = intercept(original);
  return () => {
    if (own) Object.defineProperty(target, 'emit', own);
    else emitter.emit = original;
  };
}
