// Chart definitions and their uPlot instances. One chart per definition; with one group a chart
// shows all its fields, with several groups (replicas, GPUs) it shows its first field per group.
import uPlot from 'uplot';
import { h, fmt } from './dom.js';

const GIB = 1 / 2 ** 30;
const COLORS = ['#2f6fd6', '#d6572f', '#23864a', '#8a44c2', '#c98a00', '#1b9aaa', '#c2447e', '#5d6b7a'];

export const REQUEST_CHARTS = [
  { id: 'rps', title: 'Requests per second', unit: 'req/s',
    fields: [['rps', 'arrivals/s'], ['finish_rps', 'finishes/s']] },
  { id: 'errors', title: 'Error rate', unit: '%', scale: 100,
    fields: [['error_rate', 'failed / finished']] },
  { id: 'inflight', title: 'In-flight requests', unit: 'requests',
    fields: [['inflight_end', 'at window end'], ['inflight_max', 'max'], ['inflight_mean', 'mean']] },
  { id: 'ttft', title: 'Time to first token', unit: 'ms',
    fields: [['ttft_ms.p99', 'p99'], ['ttft_ms.p90', 'p90'], ['ttft_ms.p50', 'p50']] },
  { id: 'e2e', title: 'End-to-end latency', unit: 'ms',
    fields: [['e2e_ms.p99', 'p99'], ['e2e_ms.p90', 'p90'], ['e2e_ms.p50', 'p50']] },
  { id: 'queue', title: 'Queue wait', unit: 'ms',
    fields: [['queue_ms.p99', 'p99'], ['queue_ms.p90', 'p90'], ['queue_ms.p50', 'p50']] },
  { id: 'tokens', title: 'Tokens per second', unit: 'tokens/s',
    fields: [['completion_tps', 'completion'], ['prompt_tps', 'prompt']] },
];

export const GPU_CHARTS = [
  { id: 'gpu_util', title: 'GPU utilization', unit: '%',
    fields: [['utilization_mean', 'mean'], ['utilization_max', 'max']] },
  { id: 'gpu_mem', title: 'GPU memory used', unit: 'GiB', scale: GIB,
    fields: [['memory_used_max_bytes', 'used (max)'], ['memory_total_bytes', 'total']] },
];

export const CLUSTER_CHARTS = [
  { id: 'replicas', title: 'Replicas', unit: 'replicas',
    fields: [['replicas_desired', 'desired'], ['replicas_ready', 'ready'], ['replicas_available', 'available']] },
  { id: 'restarts', title: 'Restarts and scaling', unit: 'per window',
    fields: [['restarts', 'restarts'], ['scaling_events', 'scaling events']] },
];

/** Every field a chart set needs from the columns endpoint. */
export function fieldsOf(defs) {
  return [...new Set(defs.flatMap((d) => d.fields.map(([f]) => f)))];
}

/**
 * Joins the groups' columns on window start. Returns uPlot data ([x in seconds, ...ys]) and the
 * series labels. x is the union of all groups' window starts; a group without a window there is
 * null (a gap, not a zero).
 */
export function align(def, groups) {
  const fields = groups.length === 1 ? def.fields : [def.fields[0]];
  const xs = [...new Set(groups.flatMap((g) => g.data.t))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const data = [xs.map((x) => x / 1000)];
  const labels = [];
  const scale = def.scale ?? 1;
  for (const g of groups) {
    for (const [field, name] of fields) {
      const col = new Array(xs.length).fill(null);
      const values = g.data.columns[field] || [];
      g.data.t.forEach((t, i) => {
        const v = values[i];
        col[at.get(t)] = v === null || v === undefined ? null : v * scale;
      });
      data.push(col);
      labels.push(groups.length === 1 ? name : `${g.label} ${name}`);
    }
  }
  return { data, labels };
}

/** The charts of one dashboard section; keeps uPlot instances and updates them in place. */
export class ChartSet {
  constructor(container, defs, registry) {
    this.defs = defs;
    this.registry = registry;
    this.cells = new Map();
    for (const def of defs) {
      const body = h('div', { class: 'plot', id: `chart-${def.id}` });
      const note = h('div', { class: 'empty' }, 'no data in this range');
      const cell = h('div', { class: 'chart' }, h('h3', {}, `${def.title} (${def.unit})`), note, body);
      container.append(cell);
      this.cells.set(def.id, { body, note, plot: null, key: null });
    }
  }

  /** groups: [{label, data: columns answer}]; range: {from, to} in ms. */
  update(groups, range) {
    for (const def of this.defs) {
      const cell = this.cells.get(def.id);
      const { data, labels } = align(def, groups);
      cell.note.hidden = data.slice(1).some((ys) => ys.some((v) => v !== null));
      const key = labels.join('\u0000');
      if (cell.plot && cell.key === key) {
        cell.range = range;
        cell.plot.setData(data);
        continue;
      }
      if (cell.plot) cell.plot.destroy();
      cell.key = key;
      cell.range = range;
      cell.plot = new uPlot(this.options(def, labels, cell), data, cell.body);
      this.registry[def.id] = cell.plot;
    }
  }

  options(def, labels, cell) {
    return {
      width: Math.max(300, cell.body.clientWidth || 440),
      height: 190,
      cursor: { drag: { x: false, y: false } },
      // The x axis always spans the selected range, so sparse data does not stretch.
      scales: { x: { time: true, range: () => [cell.range.from / 1000, cell.range.to / 1000] } },
      axes: [{}, { size: 56, values: (u, vals) => vals.map((v) => fmt(v)) }],
      series: [
        {},
        ...labels.map((label, i) => ({
          label,
          stroke: COLORS[i % COLORS.length],
          width: 1.5,
          value: (u, v) => fmt(v),
        })),
      ],
    };
  }

  resize() {
    for (const cell of this.cells.values()) {
      if (cell.plot) cell.plot.setSize({ width: Math.max(300, cell.body.clientWidth), height: 190 });
    }
  }
}
