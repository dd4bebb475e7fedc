// The console's REST API (same origin). Errors carry the HTTP status so callers can tell
// "not enabled" (404) from "not ready" (503) from a real failure.

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  let resp;
  try {
    resp = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'console unreachable');
  }
  if (!resp.ok) {
    let message = resp.statusText;
    try {
      message = (await resp.json()).error || message;
    } catch (ignored) {
      // not JSON: keep the status text
    }
    throw new ApiError(resp.status, `${resp.status} ${message}`);
  }
  return resp.json();
}

/** Several fields of one group as aligned columns ({t, columns: {field: [...]}}). */
export function columns(topic, group, fields, window, from, to) {
  return api('/api/v1/columns', { topic, group, fields: fields.join(','), window, from, to });
}
