// The only way the dashboard reads data: the public API with the signed-in token (HTTP Basic).

const STORAGE_KEY = 'playtrace.token';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export function savedToken() {
  const text = sessionStorage.getItem(STORAGE_KEY);
  if (!text || !text.includes(':')) return null;
  const colon = text.indexOf(':');
  return { id: text.slice(0, colon), secret: text.slice(colon + 1) };
}

export function saveToken(id, secret) {
  sessionStorage.setItem(STORAGE_KEY, `${id}:${secret}`);
}

export function forgetToken() {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** Builds a query string from [name, value] pairs (names may repeat, e.g. filters[]). */
export function queryString(pairs) {
  const search = new URLSearchParams();
  for (const [name, value] of pairs) {
    if (value !== null && value !== undefined && value !== '') search.append(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** GET a path under /data/v1; resolves to the JSON body, rejects with ApiError carrying the API's message. */
export async function apiGet(path, pairs = [], token = savedToken()) {
  if (!token) throw new ApiError(401, 'not signed in');
  let response;
  try {
    response = await fetch(`/data/v1${path}${queryString(pairs)}`, {
      headers: { Authorization: `Basic ${btoa(`${token.id}:${token.secret}`)}`, Accept: 'application/json' },
    });
  } catch (e) {
    throw new ApiError(0, `cannot reach the server (${e.message})`);
  }
  let body = null;
  try {
    body = await response.json();
  } catch (e) {
    body = null;
  }
  if (!response.ok) {
    const messages = body && body.error && body.error.messages;
    throw new ApiError(response.status, messages && messages.length ? messages.join('; ') : `HTTP ${response.status}`);
  }
  return body;
}
