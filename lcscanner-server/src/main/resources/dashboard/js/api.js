// The server's API: JSON over fetch with the bearer token when the server wants one, live progress over
// the WebSocket (falling back to polling), and what this server offers (read from its OpenAPI document).

const TOKEN_KEY = 'lcscanner.token';

/** An API error: the server's {code, message, field} and the HTTP status. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

let asking = null;

/** Asks for the token once (one dialog for every request that got a 401 meanwhile). */
function askToken(rejected) {
  if (!asking) {
    asking = new Promise(resolve => {
      const dialog = document.getElementById('token-dialog');
      const form = dialog.querySelector('form');
      const error = form.querySelector('.error');
      error.hidden = !rejected;
      error.textContent = rejected ? 'The server refused that token.' : '';
      form.elements.token.value = '';
      // closed by submitting (method=dialog) or by Escape: either way the request is tried again
      dialog.addEventListener('close', () => {
        const given = form.elements.token.value.trim();
        if (given) sessionStorage.setItem(TOKEN_KEY, given);
        asking = null;
        resolve();
      }, {once: true});
      dialog.showModal();
    });
  }
  return asking;
}

/** Fetch with the token; a 401 asks for it and tries again. */
async function authorisedFetch(path, options = {}) {
  for (;;) {
    const headers = new Headers(options.headers || {});
    const t = token();
    if (t) headers.set('Authorization', 'Bearer ' + t);
    const response = await fetch(path, {...options, headers});
    if (response.status !== 401) return response;
    const hadToken = Boolean(t);
    sessionStorage.removeItem(TOKEN_KEY);
    await askToken(hadToken);
  }
}

/** Calls the API and returns its JSON; throws ApiError for any status but 2xx. */
export async function api(path, {method = 'GET', body} = {}) {
  const options = {method, headers: {Accept: 'application/json'}};
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await authorisedFetch(path, options);
  let json = null;
  try {
    json = await response.json();
  } catch {
    // not JSON: reported below
  }
  if (!response.ok) {
    const e = json && json.error ? json.error : {};
    throw new ApiError(response.status, e.code || 'http_' + response.status,
        e.message || `${method} ${path} answered ${response.status}`, e.field);
  }
  return json;
}

/** Downloads an export: a plain link without a token; with one, through fetch (a link cannot send it). */
export async function download(path, filename) {
  if (!token()) {
    const a = Object.assign(document.createElement('a'), {href: path, download: filename});
    a.click();
    return;
  }
  const response = await authorisedFetch(path);
  if (!response.ok) throw new ApiError(response.status, 'download_failed', `download failed (${response.status})`);
  const url = URL.createObjectURL(await response.blob());
  const a = Object.assign(document.createElement('a'), {href: url, download: filename});
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The token as a WebSocket subprotocol: base64url of its UTF-8 bytes, without padding. */
function bearerProtocol(t) {
  const bytes = new TextEncoder().encode(t);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return 'lcscanner.bearer.' + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const FINAL = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

/**
 * Follows a scan's progress: onUpdate(data) for every state ({status, progress_percent, message,
 * current_ticker, processed_tickers, total_tickers, results_found, error?}) until a final one.
 * The WebSocket first (the token as a subprotocol, never in the URL); if it fails or closes early,
 * polling. Returns a function that stops following.
 */
export function followProgress(scanId, onUpdate) {
  let stopped = false;
  let finished = false;
  let socket = null;
  let timer = null;
  const deliver = data => {
    if (stopped || finished) return;
    if (FINAL.has(data.status)) finished = true;
    onUpdate(data);
  };
  const poll = async () => {
    if (stopped || finished) return;
    try {
      deliver(await api(`/api/scan/progress/${encodeURIComponent(scanId)}`));
    } catch (e) {
      if (e.status === 404) {
        deliver({status: 'failed', progress_percent: 0, message: 'scan not found', error: e.message});
        return;
      }
    }
    if (!stopped && !finished) timer = setTimeout(poll, 1000);
  };
  try {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const url = `${scheme}//${location.host}/ws/scan/${encodeURIComponent(scanId)}`;
    const t = token();
    socket = t ? new WebSocket(url, ['lcscanner', bearerProtocol(t)]) : new WebSocket(url);
    socket.onmessage = m => {
      try {
        const event = JSON.parse(m.data);
        if (event && event.data) deliver(event.data);
      } catch {
        // not one of ours: ignore
      }
    };
    socket.onclose = () => {
      socket = null;
      if (!stopped && !finished) poll();
    };
  } catch {
    poll();
  }
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (socket) socket.close();
  };
}

let capabilities = null;

/**
 * What this server offers beyond today's API, from the routes its OpenAPI document lists (asking an
 * endpoint that is not there would only log a 404 in the console): {scanners, summary}.
 */
export function serverCapabilities() {
  if (!capabilities) {
    capabilities = fetch('/openapi.json')
        .then(r => (r.ok ? r.json() : {paths: {}}))
        .catch(() => ({paths: {}}))
        .then(doc => {
          const paths = doc.paths || {};
          return {
            scanners: Boolean(paths['/api/scanners']),
            summary: Boolean(paths['/api/scan/results/{scan_id}/summary']),
          };
        });
  }
  return capabilities;
}

/**
 * One page of a completed scan's hits: {results, columns, scanner, total_found, offset, limit, next_offset}.
 * The server sorts and filters; query may hold sort, order, filter (an array of "column:value"), pattern.
 */
export function resultsPage(scanId, {offset = 0, limit = 1000, sort, order, filter = [], pattern} = {}) {
  const q = new URLSearchParams({offset: String(offset), limit: String(limit)});
  if (sort) q.set('sort', sort);
  if (order) q.set('order', order);
  if (pattern) q.set('pattern', pattern);
  for (const f of filter) q.append('filter', f);
  return api(`/api/scan/results/${encodeURIComponent(scanId)}?${q}`);
}
