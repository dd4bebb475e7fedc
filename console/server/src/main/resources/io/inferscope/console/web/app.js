// The dashboard: selectors, a polling loop over the REST API, and the panels. State lives in the
// URL (?group=&by=&range=&refresh=) so a view can be shared or reloaded.
import { api, columns } from './api.js';
import { h, fmt, time, last } from './dom.js';
import { ChartSet, REQUEST_CHARTS, GPU_CHARTS, CLUSTER_CHARTS, fieldsOf } from './charts.js';
import { renderAlerts, renderEvents, LogsPanel } from './panels.js';

const RANGES = { '15m': 15 * 60_000, '1h': 3_600_000, '6h': 6 * 3_600_000 };
const BYS = ['deployment_model', 'replica', 'gpu'];
const params = new URLSearchParams(location.search);
const state = {
  range: RANGES[params.get('range')] ? params.get('range') : '15m',
  by: BYS.includes(params.get('by')) ? params.get('by') : 'deployment_model',
  group: params.get('group'),
  refreshMs: Math.max(1, Number(params.get('refresh')) || 5) * 1000,
  live: true,
  groups: null,
  from: 0,
  to: 0,
};
// Exposed for people poking in the devtools console and for the browser test.
const registry = {};
window.inferscope = { state, charts: registry, refreshes: 0, lastError: null };

const sets = {
  requests: new ChartSet(document.getElementById('charts-requests'), REQUEST_CHARTS, registry),
  gpu: new ChartSet(document.getElementById('charts-gpu'), GPU_CHARTS, registry),
  cluster: new ChartSet(document.getElementById('charts-cluster'), CLUSTER_CHARTS, registry),
};

/** Windows of 60 s for the 6 h range when the group has them (fewer points), else 10 s. */
function windowFor(g) {
  const prefs = state.range === '6h' ? [60, 10] : [10, 60];
  const have = g.windows || [];
  return prefs.find((w) => have.includes(w)) ?? Math.min(...have, 10);
}

function selection() {
  const reqs = (state.groups?.requests || []).filter((g) => (g.scope ?? 'deployment_model') === 'deployment_model');
  const sel = reqs.find((g) => g.group === state.group) || reqs[0] || null;
  const labels = sel?.labels || {};
  return { req: sel, reqs, deployment: labels.deployment, model: labels.model, namespace: labels.namespace, from: state.from, to: state.to };
}

function sameDeployment(g, sel) {
  const l = g.labels || {};
  return l.deployment === sel.deployment && (!sel.namespace || !l.namespace || l.namespace === sel.namespace);
}

function requestGroups(sel) {
  if (state.by === 'replica') {
    const replicas = state.groups.requests.filter((g) => g.scope === 'replica'
      && sameDeployment(g, sel) && g.labels.model === sel.model);
    if (replicas.length) return replicas.map((g) => ({ group: g, label: g.labels.replica || g.group }));
  }
  return sel.req ? [{ group: sel.req, label: 'all' }] : [];
}

function gpuGroups(sel) {
  const mine = (state.groups.gpu || []).filter((g) => sameDeployment(g, sel));
  const perGpu = mine.filter((g) => g.scope === 'gpu').map((g) => ({ group: g, label: g.gpu_uuid || g.group }));
  const rollup = mine.filter((g) => g.scope === 'deployment').map((g) => ({ group: g, label: 'deployment' }));
  return state.by === 'gpu' || !rollup.length ? perGpu : rollup;
}

async function load(topic, targets, defs) {
  const fields = fieldsOf(defs);
  return Promise.all(targets.map(async (t) => ({
    label: t.label,
    data: await columns(topic, t.group.group, fields, windowFor(t.group), state.from, state.to),
  })));
}

function fillGroupSelect(sel) {
  const select = document.getElementById('group');
  const options = sel.reqs.map((g) => h('option', { value: g.group, selected: g === sel.req },
    `${g.labels?.deployment ?? g.group} / ${g.labels?.model ?? ''}` + (g.labels?.namespace ? ` (${g.labels.namespace})` : '')));
  const now = options.map((o) => o.value).join('\n');
  if (select.dataset.options !== now) {
    select.replaceChildren(...options);
    select.dataset.options = now;
  }
  if (sel.req) select.value = sel.req.group;
}

function renderStats(requests, gpu, cluster, p99, activeAlerts) {
  const req = requests[0]?.data.columns || {};
  const tile = (k, v) => h('div', { class: 'stat' }, h('div', { class: 'v' }, v), h('div', { class: 'k' }, k));
  const ready = last(cluster[0]?.data.columns.replicas_ready);
  const desired = last(cluster[0]?.data.columns.replicas_desired);
  const utils = gpu.map((g) => last(g.data.columns.utilization_mean)).filter((v) => v !== null);
  document.getElementById('stats').replaceChildren(
    tile('requests / s', fmt(last(req.rps))),
    tile('error rate', last(req.error_rate) === null ? '–' : fmt(100 * last(req.error_rate)) + ' %'),
    tile('in flight', fmt(last(req.inflight_end))),
    tile(`p99 TTFT over ${state.range}`, p99?.value == null ? '–' : fmt(p99.value) + ' ms'),
    tile('completion tokens / s', fmt(last(req.completion_tps))),
    tile('GPU utilization', utils.length ? fmt(utils.reduce((a, b) => a + b, 0) / utils.length) + ' %' : '–'),
    tile('replicas ready', ready === null ? '–' : `${ready} / ${desired ?? '?'}`),
    tile('active alerts', String(activeAlerts)));
}

async function refresh() {
  state.to = Date.now();
  state.from = state.to - RANGES[state.range];
  state.groups = await api('/api/v1/groups');
  const sel = selection();
  fillGroupSelect(sel);
  const notice = document.getElementById('notice');
  notice.hidden = !!sel.req;
  notice.textContent = 'No request metrics yet: is the pipeline running and writing inferscope.metrics.requests?';
  const range = { from: state.from, to: state.to };
  const cluster = (state.groups.cluster || []).filter((g) => sel.req && sameDeployment(g, sel)).slice(0, 1)
    .map((g) => ({ group: g, label: 'deployment' }));
  const deploymentKey = sel.namespace ? `${sel.namespace}/${sel.deployment}` : sel.deployment;
  const [requests, gpu, clusterData, active, recent, events, p99] = await Promise.all([
    load('requests', sel.req ? requestGroups(sel) : [], REQUEST_CHARTS),
    load('gpu', sel.req ? gpuGroups(sel) : [], GPU_CHARTS),
    load('cluster', cluster, CLUSTER_CHARTS),
    api('/api/v1/alerts', { state: 'active' }),
    api('/api/v1/alerts', { state: 'recent' }),
    sel.deployment ? api('/api/v1/events', { deployment: deploymentKey, limit: 50 }) : [],
    sel.req ? api('/api/v1/percentile', { group: sel.req.group, field: 'ttft_ms', q: 0.99,
      window: windowFor(sel.req), from: state.from, to: state.to }) : null,
  ]);
  sets.requests.update(requests, range);
  sets.gpu.update(gpu, range);
  sets.cluster.update(clusterData, range);
  renderAlerts(active, recent);
  renderEvents(events);
  renderStats(requests, gpu, clusterData, p99, active.length);
}

let timer = null;
let running = false;
async function tick() {
  clearTimeout(timer);
  if (!running) {
    running = true;
    const status = document.getElementById('status');
    try {
      await refresh();
      window.inferscope.refreshes++;
      status.textContent = `updated ${time(Date.now())}` + (state.live ? ` · every ${state.refreshMs / 1000} s` : ' · paused');
      status.classList.remove('error');
    } catch (e) {
      window.inferscope.lastError = String(e.message || e);
      status.textContent = `update failed: ${window.inferscope.lastError}`;
      status.classList.add('error');
    } finally {
      running = false;
    }
  }
  if (state.live) timer = setTimeout(tick, state.refreshMs);
}

function syncUrl() {
  const p = new URLSearchParams(location.search);
  p.set('range', state.range);
  p.set('by', state.by);
  if (state.group) p.set('group', state.group);
  history.replaceState(null, '', `?${p}`);
  for (const b of document.querySelectorAll('#ranges button')) b.classList.toggle('active', b.dataset.range === state.range);
  document.getElementById('by').value = state.by;
}

const logs = new LogsPanel(() => selection());
document.getElementById('group').addEventListener('change', (e) => { state.group = e.target.value; syncUrl(); tick(); logs.search(); });
document.getElementById('by').addEventListener('change', (e) => { state.by = e.target.value; syncUrl(); tick(); });
document.getElementById('live').addEventListener('change', (e) => { state.live = e.target.checked; tick(); });
for (const b of document.querySelectorAll('#ranges button')) {
  b.addEventListener('click', () => { state.range = b.dataset.range; syncUrl(); tick(); });
}
window.addEventListener('resize', () => Object.values(sets).forEach((s) => s.resize()));
syncUrl();
tick().then(() => logs.search());
