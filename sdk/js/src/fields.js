/** Fields of `current` that differ from `lastSent` (the protocol sends only changes after a view's first event). */
export function changedFields(current, lastSent) {
  const changed = {};
  for (const key of Object.keys(current)) {
    if (current[key] !== lastSent[key]) {
      changed[key] = current[key];
    }
  }
  return changed;
}

/** A copy without null/undefined values: the protocol treats null as absent, so there is nothing to send. */
export function withoutEmpty(values) {
  const kept = {};
  for (const key of Object.keys(values || {})) {
    const value = values[key];
    if (value !== null && value !== undefined && (typeof value !== 'number' || Number.isFinite(value))) {
      kept[key] = value;
    }
  }
  return kept;
}
