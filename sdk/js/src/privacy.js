import { randomId } from './ids.js';

export const VIEWER_ID_STORAGE_KEY = 'playtrace.viewer_id';

/** True when the browser asks not to be tracked (Do-Not-Track or Global Privacy Control). */
export function doNotTrack(nav, win) {
  const flags = [nav && nav.doNotTrack, win && win.doNotTrack, nav && nav.msDoNotTrack];
  return flags.some((flag) => flag === '1' || flag === 'yes') || Boolean(nav && nav.globalPrivacyControl === true);
}

/** Whether this player is monitored: sampled in with probability `sampleRate` (0..1), once per monitor. */
export function sampledIn(sampleRate, random = Math.random) {
  if (sampleRate == null) return true;
  const rate = Number(sampleRate);
  if (!(rate > 0)) return false;
  return rate >= 1 || random() < rate;
}

/**
 * The anonymous viewer id, kept in localStorage only when the page allows it (persistViewerId); otherwise none:
 * the SDK sets no cookie and stores nothing.
 */
export function viewerId(persist, storage) {
  if (!persist || !storage) return undefined;
  try {
    let id = storage.getItem(VIEWER_ID_STORAGE_KEY);
    if (!id) {
      id = randomId();
      storage.setItem(VIEWER_ID_STORAGE_KEY, id);
    }
    return id;
  } catch (ignored) {
    return undefined; // storage blocked (privacy mode, sandboxed frame)
  }
}
