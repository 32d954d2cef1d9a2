// The one door to the server: JSON over fetch with the session cookie, errors as ApiError.
// A request without a valid session is sent to the login page.

export class ApiError extends Error {
  constructor(status, error, detail) {
    super(detail ? `${error}: ${detail}` : error);
    this.status = status;
    this.error = error;
    this.detail = detail;
  }
}

function toLogin() {
  const back = encodeURIComponent(location.hash || '');
  location.assign(`/login.html${back ? `?next=${back}` : ''}`);
}

async function readBody(res) {
  const text = await res.text();
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The session's CSRF token (a cookie set at sign-in), sent with every request that changes state. */
export function csrfHeaders() {
  const m = document.cookie.match(/(?:^|;\s*)concord-csrf=([^;]+)/);
  return m ? { 'X-CSRF-Token': decodeURIComponent(m[1]) } : {};
}

/** Fetches path and returns its JSON body; throws ApiError with the server's error and detail. */
export async function api(path, { method = 'GET', body, query, signal } = {}) {
  const url = query ? `${path}?${new URLSearchParams(clean(query))}` : path;
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest', ...csrfHeaders() };
  const init = { method, headers, credentials: 'same-origin', redirect: 'manual', signal };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, 'The server could not be reached', e.message);
  }
  if (res.type === 'opaqueredirect' || res.status === 401) {
    toLogin();
    throw new ApiError(401, 'Not signed in', 'your session has ended; sign in again');
  }
  const data = await readBody(res);
  if (!res.ok) {
    const error = data && typeof data === 'object' && data.error ? String(data.error) : `${res.status} ${res.statusText}`;
    const detail = data && typeof data === 'object' ? (data.detail ?? data.message ?? '') : (data ?? '');
    throw new ApiError(res.status, error, String(detail).slice(0, 500));
  }
  return data;
}

function clean(query) {
  const out = {};
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') {
      out[k] = v;
    }
  }
  return out;
}

/** Whether a query builds a graph (CONSTRUCT, DESCRIBE) rather than a table or a yes/no. */
function graphQuery(query) {
  const body = query.replace(/#[^\n]*/g, '').replace(/<[^>]*>/g, '');
  return /\b(CONSTRUCT|DESCRIBE)\b/i.test(body);
}

/** Runs a SPARQL query through the SPARQL 1.1 Protocol endpoint (form-encoded POST). */
export async function sparql(query, { signal } = {}) {
  const form = new URLSearchParams({ query });
  const res = await fetch('/sparql', {
    method: 'POST',
    credentials: 'same-origin',
    redirect: 'manual',
    signal,
    headers: {
      'X-Requested-With': 'XMLHttpRequest',
      ...csrfHeaders(),
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: graphQuery(query) ? 'text/turtle' : 'application/sparql-results+json',
    },
    body: form,
  });
  if (res.type === 'opaqueredirect' || res.status === 401) {
    toLogin();
    throw new ApiError(401, 'Not signed in', 'your session has ended; sign in again');
  }
  const type = res.headers.get('Content-Type') || '';
  const data = await readBody(res);
  if (!res.ok) {
    const error = data && typeof data === 'object' && data.error ? String(data.error) : `${res.status} ${res.statusText}`;
    const detail = data && typeof data === 'object' ? (data.detail ?? '') : (data ?? '');
    throw new ApiError(res.status, error, String(detail).slice(0, 2000));
  }
  return { type, data };
}

// ---------- shapes shared by the pages ----------

/** The text of a triple's object: the API may send a string or a term object. */
export function termText(t) {
  if (t === null || t === undefined) {
    return null;
  }
  if (typeof t === 'object') {
    return t.name ?? t.lexical ?? t.value ?? JSON.stringify(t);
  }
  return String(t);
}

/** Whether the object of a triple is a literal (then it is not a link to the explorer). */
export function isLiteral(triple) {
  if (triple.literal === true || (typeof triple.datatype === 'string' && triple.datatype !== '')) {
    return true;
  }
  const o = triple.object;
  return o !== null && typeof o === 'object' && ('lexical' in o || 'datatype' in o);
}

export function sameTriple(a, b) {
  return a.subject === b.subject && a.relation === b.relation && termText(a.object) === termText(b.object);
}

/** The local name for what a person types: spaces become underscores, as in the graph. */
export function entityName(text) {
  return text.trim().replace(/\s+/g, '_');
}

export function when(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

export function editTime(edit) {
  return edit.createdAt ?? edit.time ?? edit.created ?? null;
}

export function me2name(me) {
  return me ? (me.username ?? me.name ?? me.user ?? '') : '';
}

export function me2roles(me) {
  if (!me) {
    return [];
  }
  if (Array.isArray(me.roles)) {
    return me.roles;
  }
  return me.role ? [me.role] : [];
}
