/** Wraps a function so nothing it throws reaches the host page (an analytics SDK must never break playback). */
export function safe(fn, log) {
  return function guarded(...args) {
    try {
      return fn.apply(this, args);
    } catch (error) {
      if (log) log('playtrace: internal error', error);
      return undefined;
    }
  };
}

/** Adds a listener and returns the function that removes it. */
export function listen(target, type, handler, log) {
  if (!target || typeof target.addEventListener !== 'function') return () => {};
  const guarded = safe(handler, log);
  target.addEventListener(type, guarded);
  return () => target.removeEventListener(type, guarded);
}
