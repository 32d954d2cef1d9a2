// History: every edit with its conflicts, reviewer and outcome, filtered by status, author and
// relation; the author of an applied edit, or an admin, can roll it back (after a confirmation).
import { LitElement, html, nothing } from 'lit';
import { api, me2name, me2roles, editTime } from './api.js';
import { statusBadge, triplesView, conflictsView, errorNote, editMeta } from './widgets.js';
import { events } from './events.js';

const STATUSES = ['APPLIED', 'PENDING_REVIEW', 'REJECTED', 'ROLLED_BACK', 'FAILED'];

export function editsOf(data) {
  return Array.isArray(data) ? data : (data?.items ?? data?.edits ?? []);
}

export function newestFirst(list) {
  return [...list].sort((a, b) => {
    const t = String(editTime(b) ?? '').localeCompare(String(editTime(a) ?? ''));
    return t !== 0 ? t : Number(b.id) - Number(a.id);
  });
}

class ConcordHistory extends LitElement {
  static properties = {
    me: { attribute: false },
    params: { attribute: false },
    edits: { state: true },
    error: { state: true },
    notice: { state: true },
    confirming: { state: true },
    busyId: { state: true },
    filter: { state: true },
  };

  constructor() {
    super();
    this.edits = null;
    this.error = null;
    this.notice = null;
    this.confirming = null;
    this.busyId = null;
    this.filter = { status: '', author: '', relation: '' };
    this.onEvent = () => this.load();
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    events.addEventListener('event', this.onEvent);
  }

  willUpdate(changed) {
    // the filters live in the address (#/history?author=bob), so they can be linked and go back
    if (changed.has('params')) {
      const p = this.params ?? new URLSearchParams();
      this.filter = { status: p.get('status') ?? '', author: p.get('author') ?? '', relation: p.get('relation') ?? '' };
      this.confirming = null;
      this.load();
    }
  }

  disconnectedCallback() {
    events.removeEventListener('event', this.onEvent);
    super.disconnectedCallback();
  }

  async load() {
    try {
      const data = await api('/api/edits', { query: { ...this.filter, limit: 500 } });
      const rel = this.filter.relation.trim();
      let list = editsOf(data);
      if (rel) {
        list = list.filter((e) => (e.triples ?? []).some((t) => t.relation === rel));
      }
      this.edits = newestFirst(list);
      this.error = null;
    } catch (e) {
      this.error = e;
    }
  }

  applyFilter(e) {
    e.preventDefault();
    const f = new FormData(e.target);
    const query = new URLSearchParams();
    for (const key of ['status', 'author', 'relation']) {
      const value = String(f.get(key) ?? '').trim();
      if (value) {
        query.set(key, value);
      }
    }
    const hash = `#/history${query.size ? `?${query}` : ''}`;
    if (location.hash === hash) {
      this.load();
    } else {
      location.hash = hash;
    }
  }

  canRollBack(edit) {
    const roles = me2roles(this.me);
    return edit.status === 'APPLIED' && (roles.includes('admin') || edit.author === me2name(this.me));
  }

  async rollback(edit) {
    this.busyId = edit.id;
    this.notice = null;
    try {
      const result = await api(`/api/edits/${edit.id}/rollback`, { method: 'POST' });
      this.notice = { ok: true, text: `Edit #${edit.id} rolled back${result?.status ? ` (${result.status})` : ''}.` };
    } catch (e) {
      this.notice = { ok: false, err: e };
    } finally {
      this.busyId = null;
      this.confirming = null;
      await this.load();
    }
  }

  renderEffects(e) {
    const cs = e.changeSet;
    const m = e.model;
    const parts = [];
    if (cs && ((cs.added ?? []).length || (cs.removed ?? []).length)) {
      parts.push(html`<div class="muted">Graph: ${(cs.added ?? []).length ? html`added ${triplesView(cs.added)}` : nothing}
        ${(cs.removed ?? []).length ? html`removed ${triplesView(cs.removed)}` : nothing}</div>`);
    }
    if (m && m.action && m.action !== 'NONE') {
      parts.push(html`<div class="muted">Model: ${m.action.toLowerCase().replace(/_/g, ' ')}${m.editId ? html` <code>${m.editId}</code>` : nothing}${m.note ? html` · ${m.note}` : nothing}</div>`);
    } else if (m && m.note) {
      parts.push(html`<div class="muted">Model: ${m.note}</div>`);
    }
    if (e.rolledBackBy) {
      parts.push(html`<div class="muted">Rolled back by <strong>${e.rolledBackBy}</strong></div>`);
    }
    return parts;
  }

  renderCard(e) {
    const highlighted = this.params?.get('edit') === String(e.id);
    return html`<article class="edit-card" id=${`edit-${e.id}`} data-edit-id=${e.id} data-status=${e.status}
        style=${highlighted ? 'outline: 2px solid #8fb0ff' : ''}>
      <header>${statusBadge(e.status)} ${editMeta(e)} ${e.op ? html`<span class="badge">${e.op}</span>` : nothing}</header>
      ${e.text ? html`<p class="text">“${e.text}”</p>` : nothing}
      <div>${triplesView(e.triples)}</div>
      ${conflictsView(e.conflicts)}
      ${this.renderEffects(e)}
      ${e.reviewer ? html`<p class="muted">Reviewed by <strong>${e.reviewer}</strong>${e.reason ? html`: “${e.reason}”` : nothing}</p>`
        : e.reason ? html`<p class="muted">Reason: ${e.reason}</p>` : nothing}
      ${this.canRollBack(e) ? html`<footer>
        ${this.confirming === e.id
          ? html`<span>Roll back edit #${e.id} from the graph and the model?</span>
              <button class="danger solid small confirm-rollback" ?disabled=${this.busyId === e.id} @click=${() => this.rollback(e)}>Yes, roll back</button>
              <button class="small" @click=${() => { this.confirming = null; }}>Cancel</button>`
          : html`<button class="danger small rollback" @click=${() => { this.confirming = e.id; }}>Roll back</button>`}
      </footer>` : nothing}
    </article>`;
  }

  render() {
    const f = this.filter;
    return html`
      <div class="page-head"><h1>History</h1><p>Every edit, who made it, what it conflicted with and what became of it.</p></div>
      <form class="panel row" @submit=${this.applyFilter} aria-label="Filter edits">
        <label>Status
          <select name="status" id="filter-status">
            <option value="" ?selected=${!f.status}>any</option>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${f.status === s}>${s}</option>`)}
          </select>
        </label>
        <label>Author <input name="author" id="filter-author" .value=${f.author} autocomplete="off"></label>
        <label>Relation <input name="relation" id="filter-relation" .value=${f.relation} autocomplete="off"></label>
        <button class="primary" type="submit">Filter</button>
      </form>
      ${this.notice ? (this.notice.ok ? html`<div class="note ok" role="status">${this.notice.text}</div>` : errorNote(this.notice.err)) : nothing}
      ${this.error ? errorNote(this.error) : nothing}
      <section style="margin-top:1rem" aria-label="Edits" id="edit-list">
        ${this.edits === null && !this.error ? html`<p class="muted">Loading…</p>` : nothing}
        ${this.edits && this.edits.length === 0 ? html`<p class="empty">No edit matches.</p>` : nothing}
        ${(this.edits ?? []).map((e) => this.renderCard(e))}
      </section>`;
  }
}

customElements.define('concord-history', ConcordHistory);
