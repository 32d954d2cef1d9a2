// Model panel: which model is loaded, its edit log, and the evaluation table of the last run.
// Parts the API does not offer are said plainly rather than left blank.
import { LitElement, html, nothing } from 'lit';
import { api, when } from './api.js';
import { errorNote } from './widgets.js';

async function optional(path) {
  try {
    return { data: await api(path) };
  } catch (e) {
    return e.status === 404 || e.status === 405 ? { missing: true, detail: e.detail } : { error: e };
  }
}

function scalar(v) {
  if (v === null || v === undefined) {
    return '—';
  }
  if (typeof v === 'number') {
    return Number.isInteger(v) ? String(v) : v.toFixed(3);
  }
  if (typeof v === 'object') {
    return JSON.stringify(v);
  }
  return String(v);
}

// Columns of the evaluation table (keys of the eval command's JSON rows) and their headings.
const EVAL_COLUMNS = [
  ['method', 'Method'], ['T', 'T'], ['cases', 'Cases'], ['reliability', 'Reliability'],
  ['generalisation', 'Generalisation'], ['locality', 'Locality'], ['portability', 'Portability'],
  ['greedy_exact_match', 'Greedy match'], ['seconds_per_edit', 's / edit'],
];

// Scores and timings with three decimals so a column lines up; counts as they are.
function cell(key, v) {
  if (typeof v === 'number' && key !== 'T' && key !== 'cases') {
    return v.toFixed(3);
  }
  return scalar(v);
}

function methodLabel(row) {
  const m = String(row.method ?? '—').replace(/_/g, '-');
  return row.batch ? `${m} (batch)` : m;
}

class ConcordModel extends LitElement {
  static properties = {
    info: { state: true },
    evaluation: { state: true },
  };

  constructor() {
    super();
    this.info = null;
    this.evaluation = null;
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    optional('/api/model').then((r) => { this.info = r; });
    optional('/api/model/evaluation').then((r) => { this.evaluation = r; });
  }

  renderInfo() {
    const r = this.info;
    if (!r) {
      return html`<p class="muted">Loading…</p>`;
    }
    if (r.missing) {
      return html`<p class="note warn">The API does not report which model is loaded.</p>`;
    }
    if (r.error) {
      return errorNote(r.error);
    }
    const m = r.data ?? {};
    const state = m.state ?? (m.enabled === false ? 'DISABLED' : 'READY');
    const name = m.model ?? m.name ?? 'unnamed model';
    const text = {
      READY: html`Loaded and editable: <strong>${name}</strong>.`,
      LOADING: html`Loading the model… <span id="model-progress">${m.message ?? ''}</span>`,
      DISABLED: html`The model is <strong>disabled</strong>: Concord runs on the knowledge graph alone, and the chat says so.`,
      FAILED: html`The model <strong>failed to load</strong>.`,
    }[state] ?? html`State: ${state}`;
    const rows = [
      ['state', state], ['model', m.model], ['editing method', m.method], ['device', m.device], ['why this model', m.note], ['message', m.message],
    ].filter(([, v]) => v !== null && v !== undefined && v !== '');
    return html`
      <p id="model-state" data-state=${state} class="note ${state === 'READY' ? 'ok' : 'warn'}">${text}</p>
      <dl class="kv" id="model-info">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${scalar(v)}</dd>`)}</dl>`;
  }

  renderLog() {
    const r = this.info;
    if (!r || r.error || r.missing) {
      return html`<p class="muted">—</p>`;
    }
    const m = r.data ?? {};
    if (!Array.isArray(m.log)) {
      return html`<p class="note warn" id="model-log-missing">The API does not offer the model’s edit log; the History page lists every edit with its status.</p>`;
    }
    if ((m.state ?? 'READY') !== 'READY') {
      return html`<p class="empty" id="model-log-empty">No model is loaded, so there is no model edit log. Every edit still reaches the graph; see History.</p>`;
    }
    if (m.log.length === 0) {
      return html`<p class="empty" id="model-log-empty">No edit has been written into the model yet.</p>`;
    }
    return html`<div class="table-wrap"><table id="model-log">
      <thead><tr><th scope="col">Edit</th><th scope="col">Method</th><th scope="col">Facts written</th><th scope="col">When</th><th scope="col">State</th></tr></thead>
      <tbody>${m.log.map((e) => html`<tr>
        <td class="mono">${e.id}</td><td>${e.method ?? '—'}</td>
        <td>${(e.facts ?? []).map((f) => html`<div><span class="muted">${f.prompt}</span> → <strong>${f.target}</strong></div>`)}</td>
        <td>${when(e.time)}</td>
        <td>${e.active === false ? html`<span class="badge ROLLED_BACK">rolled back</span>` : html`<span class="badge ok">active</span>`}</td>
      </tr>`)}</tbody></table></div>`;
  }

  renderEvaluation() {
    const r = this.evaluation;
    if (!r) {
      return html`<p class="muted">Loading…</p>`;
    }
    if (r.missing) {
      // The server's 404 says why (no model, or no run yet) and which command makes one.
      return html`<p class="note warn" id="model-eval-missing">${r.detail
        ? html`No evaluation to show: ${r.detail}`
        : html`No evaluation to show. Run <code>./concord editor eval</code> to evaluate the editing methods.`}</p>`;
    }
    if (r.error) {
      return errorNote(r.error);
    }
    const d = r.data ?? {};
    const rows = Array.isArray(d) ? d : (d.rows ?? d.results ?? []);
    if (rows.length === 0) {
      return html`<p class="empty">The last evaluation run has no rows.</p>`;
    }
    // Known columns first, in the editor's table order; anything else the file has follows.
    const known = EVAL_COLUMNS.map(([k]) => k);
    const extra = [...new Set(rows.flatMap((x) => Object.keys(x)))].filter((k) => !known.includes(k) && k !== 'batch');
    const cols = [...EVAL_COLUMNS.filter(([k]) => rows.some((x) => k in x)), ...extra.map((k) => [k, k])];
    const ran = d.ranAt ?? d.time;
    return html`<p class="muted" id="model-eval-meta">${d.model ? html`Model <strong>${d.model}</strong>` : nothing}${ran ? html`, run at ${when(ran)}` : nothing}.
        Scores run from 0 to 1 (1.000 is best): reliability, generalisation and portability are the new target's token accuracy, locality the share of unrelated predictions left unchanged (EasyEdit's definitions); portability is — when no case had a probe.</p>
      <div class="table-wrap"><table id="model-eval">
        <thead><tr>${cols.map(([k, label]) => html`<th scope="col" class=${k === 'method' ? '' : 'num'}>${label}</th>`)}</tr></thead>
        <tbody>${rows.map((x) => html`<tr>${cols.map(([k]) => html`<td class=${k === 'method' ? '' : 'num'}>${k === 'method' ? methodLabel(x) : cell(k, x[k])}</td>`)}</tr>`)}</tbody>
      </table></div>`;
  }

  render() {
    return html`
      <div class="page-head"><h1>Model</h1><p>The language model kept in agreement with the graph.</p></div>
      <section class="panel" aria-label="Loaded model"><h2>Loaded model</h2>${this.renderInfo()}</section>
      <section class="panel" aria-label="Edit log"><h2>Edit log</h2>${this.renderLog()}</section>
      <section class="panel" aria-label="Evaluation"><h2>Evaluation of the last run</h2>${this.renderEvaluation()}</section>`;
  }
}

customElements.define('concord-model', ConcordModel);
