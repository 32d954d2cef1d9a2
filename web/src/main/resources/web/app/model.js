// Model panel: which model is loaded, the last edit's check, its edit log, the agreement audit
// (graph against model, "teach these"), and the evaluation table of the last run.
// Parts the API does not offer are said plainly rather than left blank.
import { LitElement, html, nothing } from 'lit';
import { api, when, me2roles } from './api.js';
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
    me: { attribute: false },
    info: { state: true },
    evaluation: { state: true },
    agreement: { state: true },
    lastCheck: { state: true },
    selected: { state: true },
    busy: { state: true },
    actionError: { state: true },
    taughtEdit: { state: true },
  };

  constructor() {
    super();
    this.info = null;
    this.evaluation = null;
    this.agreement = null;
    this.lastCheck = null;
    this.selected = new Set();
    this.busy = false;
    this.actionError = null;
    this.taughtEdit = null;
    this.poll = null;
  }

  get isAdmin() {
    return me2roles(this.me).includes('admin');
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    clearTimeout(this.poll);
  }

  async loadAgreement() {
    const r = await optional('/api/model/agreement');
    this.agreement = r;
    clearTimeout(this.poll);
    if (r.data?.running) {
      this.poll = setTimeout(() => this.loadAgreement(), 1500);
    }
  }

  async loadLastCheck() {
    // the newest edit whose model step recorded a check
    const r = await optional('/api/edits?limit=20');
    const list = Array.isArray(r.data) ? r.data : (r.data?.items ?? r.data?.edits ?? []);
    this.lastCheck = list.find((e) => e.model?.check) ?? null;
  }

  // Runs one admin action on the audit, then reloads it; its error is shown above the table.
  async act(work) {
    this.busy = true;
    this.actionError = null;
    try {
      await work();
      this.selected = new Set();
      await this.loadAgreement();
    } catch (e) {
      this.actionError = e;
    } finally {
      this.busy = false;
    }
  }

  runAudit(ev) {
    ev.preventDefault();
    const sample = Number(new FormData(ev.target).get('sample'));
    return this.act(() => api('/api/model/agreement', { method: 'POST', body: { sample } }));
  }

  teach() {
    return this.act(async () => {
      this.taughtEdit = await api('/api/model/agreement/teach', { method: 'POST', body: { facts: [...this.selected] } });
    });
  }

  toggle(key, on) {
    const s = new Set(this.selected);
    if (on) {
      s.add(key);
    } else {
      s.delete(key);
    }
    this.selected = s;
  }

  renderCheck() {
    const e = this.lastCheck;
    if (!e) {
      return html`<p class="empty" id="model-check-empty">No edit with a model check yet: after each edit that teaches the model, its own prompt, two other phrasings and two unrelated facts are asked before and after.</p>`;
    }
    const c = e.model.check;
    const kind = { EDIT: 'the edit’s prompt', PHRASING: 'other phrasing', UNRELATED: 'unrelated fact' };
    return html`<p class="muted">Edit <a href=${`#/history?id=${e.id}`}>#${e.id}</a> (${c.method}): a ✓ marks an answer that contains the expected object.</p>
      <div class="table-wrap"><table id="model-check">
        <thead><tr><th scope="col">Probe</th><th scope="col">Prompt</th><th scope="col">Expected</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
        <tbody>${c.probes.map((p) => html`<tr data-kind=${p.kind} data-holds=${String(p.holdsAfter)}>
          <td>${kind[p.kind] ?? p.kind}</td><td class="muted">${p.prompt}</td><td><strong>${p.expected}</strong></td>
          <td>${p.heldBefore ? '✓ ' : ''}${p.before}</td><td>${p.holdsAfter ? '✓ ' : ''}${p.after}</td>
        </tr>`)}</tbody></table></div>`;
  }

  renderAgreement() {
    const r = this.agreement;
    if (!r) {
      return html`<p class="muted">Loading…</p>`;
    }
    if (r.error || r.missing) {
      return r.error ? errorNote(r.error) : html`<p class="note warn">The API does not offer the agreement audit.</p>`;
    }
    const s = r.data ?? {};
    const last = s.last;
    const form = this.isAdmin ? html`<form id="audit-form" class="inline" @submit=${(e) => this.runAudit(e)}>
        <label>Facts to check <input name="sample" type="number" min="0" value="200" aria-describedby="audit-sample-help"></label>
        <button type="submit" ?disabled=${this.busy || s.running}>Run the audit</button>
        <span id="audit-sample-help" class="muted small">0 checks every fact whose relation has a template.</span>
      </form>` : html`<p class="muted small">Admins run the audit and teach disagreements.</p>`;
    const progress = s.running ? html`<p class="note" id="audit-progress" role="status">${s.progress ?? 'running…'}</p>` : nothing;
    const failed = s.error ? html`<p class="note warn" id="audit-error" role="alert">${s.error}</p>` : nothing;
    if (!last) {
      return html`${form}${progress}${failed}<p class="empty" id="audit-empty">No audit has been run yet.</p>${this.actionError ? errorNote(this.actionError) : nothing}`;
    }
    const pct = (x) => `${(100 * x).toFixed(1)}%`;
    const prev = s.previous;
    const dis = last.results.filter((x) => !x.agrees);
    const changes = s.changes ?? [];
    const collateral = changes.filter((c) => !c.taught);
    return html`${form}${progress}${failed}${this.actionError ? errorNote(this.actionError) : nothing}
      <p id="audit-summary" data-agreement=${last.agreement.toFixed(4)}>Model <strong>${last.model}</strong> agrees with the graph on
        <strong>${last.agreeing}</strong> of ${last.checked} facts (<strong>${pct(last.agreement)}</strong>), ${when(last.at)}.
        ${prev ? html`Before: ${prev.agreeing} of ${prev.checked} (${pct(prev.agreement)}).` : nothing}</p>
      ${s.taughtBy ? html`<p id="audit-changes">After batch edit <a href=${`#/history?id=${s.taughtBy}`}>#${s.taughtBy}</a>:
        ${changes.filter((c) => c.taught && c.agreesNow).length} taught fact(s) now agree;
        <strong>${collateral.length}</strong> fact(s) not taught changed their answer
        (${collateral.filter((c) => c.agreedBefore && !c.agreesNow).length} stopped agreeing).</p>
        ${collateral.length ? html`<div class="table-wrap"><table id="audit-collateral"><thead><tr><th scope="col">Not taught</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
        <tbody>${collateral.map((c) => html`<tr><td>${c.fact.prompt} <strong>${c.fact.expected}</strong></td><td>${c.agreedBefore ? '✓ ' : ''}${c.before}</td><td>${c.agreesNow ? '✓ ' : ''}${c.after}</td></tr>`)}</tbody></table></div>` : nothing}` : nothing}
      <div class="table-wrap"><table id="audit-relations"><thead><tr><th scope="col">Relation</th><th scope="col" class="num">Facts</th><th scope="col" class="num">Agree</th><th scope="col" class="num">Agreement</th></tr></thead>
        <tbody>${last.relations.map((x) => html`<tr><td>${x.relation}</td><td class="num">${x.checked}</td><td class="num">${x.agreeing}</td><td class="num">${x.agreement.toFixed(3)}</td></tr>`)}</tbody></table></div>
      <h3>Disagreements (${dis.length})</h3>
      ${dis.length === 0 ? html`<p class="empty">None: the model says what the graph says on every fact checked.</p>` : html`
      ${this.isAdmin ? html`<p><button id="audit-teach" ?disabled=${this.busy || s.running || this.selected.size === 0} @click=${() => this.teach()}>Teach these (${this.selected.size})</button>
        <span class="muted small">one batch edit, reviewable in History and reversible like any other</span></p>` : nothing}
      ${this.taughtEdit ? html`<p class="note ok" id="audit-taught">Batch edit #${this.taughtEdit.id}: ${this.taughtEdit.model?.note ?? this.taughtEdit.status}</p>` : nothing}
      <div class="table-wrap"><table id="audit-disagreements"><thead><tr>${this.isAdmin ? html`<th scope="col">Teach</th>` : nothing}<th scope="col">Prompt</th><th scope="col">Graph</th><th scope="col">Model</th></tr></thead>
        <tbody>${dis.map((x) => html`<tr data-key=${x.fact.key ?? `${x.fact.subject}|${x.fact.relation}|${x.fact.object}`}>
          ${this.isAdmin ? html`<td><input type="checkbox" aria-label=${`teach ${x.fact.prompt} ${x.fact.expected}`}
            .checked=${this.selected.has(`${x.fact.subject}|${x.fact.relation}|${x.fact.object}`)}
            @change=${(e) => this.toggle(`${x.fact.subject}|${x.fact.relation}|${x.fact.object}`, e.target.checked)}></td>` : nothing}
          <td class="muted">${x.fact.prompt}</td><td><strong>${x.fact.expected}</strong></td><td>${x.answer}</td></tr>`)}</tbody></table></div>`}`;
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    optional('/api/model').then((r) => { this.info = r; });
    optional('/api/model/evaluation').then((r) => { this.evaluation = r; });
    this.loadAgreement();
    this.loadLastCheck();
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
      <section class="panel" aria-label="Last edit's check"><h2>Last edit’s check</h2>${this.renderCheck()}</section>
      <section class="panel" aria-label="Agreement audit"><h2>Agreement: graph and model</h2>${this.renderAgreement()}</section>
      <section class="panel" aria-label="Edit log"><h2>Edit log</h2>${this.renderLog()}</section>
      <section class="panel" aria-label="Evaluation"><h2>Evaluation of the last run</h2>${this.renderEvaluation()}</section>`;
  }
}

customElements.define('concord-model', ConcordModel);
