// The alerts panel, the events timeline and the logs panel.
import { api, ApiError } from './api.js';
import { h, fmt, time, ago } from './dom.js';

function alertItem(a) {
  const labels = Object.entries(a.labels || {}).map(([k, v]) => `${k}=${v}`).join(' ');
  const value = a.value !== undefined && a.value !== null
    ? `value ${fmt(a.value)}` + (a.threshold !== undefined && a.threshold !== null ? ` / threshold ${fmt(a.threshold)}` : '')
    : null;
  const when = a.status === 'firing'
    ? `since ${time(a.starts_at_ms)} (${ago(a.starts_at_ms)})`
    : `resolved ${time(a.ends_at_ms ?? a.updated_at_ms)} (${ago(a.ends_at_ms ?? a.updated_at_ms)})`;
  const summary = (a.annotations || {}).summary || (a.annotations || {}).description;
  const evidence = (a.evidence || []).map((e) =>
    h('li', {}, `${time(e.ts_ms)} ${e.source}: ${e.reason ?? ''} ${e.object ?? ''} ${e.message ?? ''}`));
  return h('li', { dataset: { fingerprint: a.fingerprint } },
    h('span', { class: `badge ${a.severity}` }, a.severity),
    h('strong', { class: 'rule' }, a.rule),
    summary ? h('div', {}, summary) : null,
    h('div', { class: 'meta' }, [labels, value, when].filter(Boolean).join(' · ')),
    evidence.length ? h('details', {}, h('summary', {}, `${evidence.length} related events`), h('ul', {}, evidence)) : null);
}

export function renderAlerts(active, recent) {
  for (const [id, list, empty] of [
    ['alerts-active', active, 'No alert is firing.'],
    ['alerts-recent', recent, 'Nothing resolved recently.'],
  ]) {
    const ul = document.getElementById(id);
    ul.replaceChildren(...(list.length ? list.map(alertItem) : [h('li', { class: 'none' }, empty)]));
  }
}

export function renderEvents(events) {
  const ol = document.getElementById('events');
  if (!events.length) {
    ol.replaceChildren(h('li', { class: 'none' }, 'No recent events for this deployment.'));
    return;
  }
  ol.replaceChildren(...events.map((r) => {
    const e = r.event || {};
    const ts = e.last_ms ?? r.ts_ms;
    const object = e.involved_kind ? `${e.involved_kind}/${e.involved_name ?? ''}` : r.name;
    return h('li', {},
      h('span', { class: `badge ${e.type}` }, e.type),
      h('strong', {}, e.reason),
      e.count > 1 ? h('span', { class: 'meta' }, ` ×${e.count}`) : null,
      h('div', { class: 'meta' }, `${time(ts)} (${ago(ts)}) · ${object ?? ''}`),
      e.message ? h('div', {}, e.message) : null);
  }));
}

/** Log search against /api/v1/logs; a console without log search answers 404. */
export class LogsPanel {
  constructor(selection) {
    this.selection = selection;
    this.out = document.getElementById('logs-result');
    document.getElementById('logs-form').addEventListener('submit', (ev) => {
      ev.preventDefault();
      this.search();
    });
  }

  async search() {
    const sel = this.selection();
    const params = {
      q: document.getElementById('logs-q').value.trim(),
      level: document.getElementById('logs-level').value,
      since_ms: sel.from,
      namespace: sel.namespace,
      deployment: sel.deployment,
      limit: 100,
    };
    this.out.replaceChildren(h('p', { class: 'meta' }, 'searching…'));
    try {
      this.render(await api('/api/v1/logs', params));
    } catch (e) {
      const text = e instanceof ApiError && e.status === 404
        ? 'Log search is not enabled on this console.'
        : `Log search failed: ${e.message}`;
      this.out.replaceChildren(h('p', { class: 'none', id: 'logs-message' }, text));
    }
  }

  render(body) {
    const hits = Array.isArray(body) ? body : body.hits || body.lines || body.results || [];
    if (!hits.length) {
      this.out.replaceChildren(h('p', { class: 'none', id: 'logs-message' }, 'No matching lines.'));
      return;
    }
    const rows = hits.map((l) => {
      const labels = l.labels || {};
      const where = [labels.replica ?? l.pod, l.container].filter(Boolean).join('/');
      return h('tr', {},
        h('td', {}, time(l.ts_ms)),
        h('td', { class: `lvl-${l.level}` }, l.level ?? ''),
        h('td', {}, where),
        h('td', { class: 'msg' }, l.message ?? l.line ?? ''),
        h('td', { class: 'meta' }, l.request_id ?? ''));
    });
    this.out.replaceChildren(h('table', {}, h('tbody', {}, rows)));
  }
}
