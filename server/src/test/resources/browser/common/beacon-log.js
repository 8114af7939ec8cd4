// Records every fetch() and navigator.sendBeacon() the page makes to urlPrefix (the analytics SDK's beacons), with
// the body sent and Playtrace's answer, so a test can check each beacon was accepted, and show them on failure.
// log.settled() resolves once no logged fetch is still waiting for its answer.
export function logBeaconsTo(urlPrefix) {
  const log = [];
  let pending = 0;
  Object.defineProperty(log, 'settled', { enumerable: false, value: async (timeoutMs = 5000) => {
    const started = Date.now();
    while (pending > 0 && Date.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 20));
    return pending === 0;
  } });
  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input.url;
    if (!url.startsWith(urlPrefix)) return originalFetch(input, init);
    const entry = { url, at: Date.now(), body: typeof init.body === 'string' ? init.body : String(init.body) };
    log.push(entry);
    pending++;
    try {
      const response = await originalFetch(input, init);
      entry.status = response.status;
      entry.response = await response.clone().text();
      return response;
    } catch (e) {
      entry.status = 0;
      entry.response = String(e);
      throw e;
    } finally {
      pending--;
    }
  };
  if (navigator.sendBeacon) {
    const originalSendBeacon = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      if (String(url).startsWith(urlPrefix)) log.push({ url: String(url), at: Date.now(), body: String(data), status: 'sendBeacon' });
      return originalSendBeacon(url, data);
    };
  }
  return log;
}
