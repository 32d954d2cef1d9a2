// Review queue (admins): each pending edit beside the facts it would displace; approve, or
// reject with a reason. Also: roll back every applied edit of one user, newest first.
import { LitElement, html, nothing } from 'lit';
import { api, termText } from './api.js';
import { triplesView, conflictsView, errorNote, editMeta, conflictFacts, tripleView } from './widgets.js';
import { events } from './events.js';
import { editsOf, newestFirst } from './history.js';


class ConcordReview extends LitElement {
  static properties = {
    me: { attribute: false },
    queue: { state: true },
    displaced: { state: true },
    error: { state: true },
    notice: { state: true },
    busy: { state: true },
    bulk: { state: true },
    proposals: { state: true },
    proposing: { state: true },
  };

  constructor() {
    super();
    this.queue = null;
    this.displaced = {};
    this.error = null;
    this.notice = null;
    this.busy = null;
    this.bulk = null;
    this.proposals = null;
    this.proposing = false;
    this.onEvent = () => this.load();
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    this.load();
    events.addEventListener('event', this.onEvent);
  }

  disconnectedCallback() {
    events.removeEventListener('event', this.onEvent);
    super.disconnectedCallback();
  }

  async load() {
    try {
      this.queue = newestFirst(editsOf(await api('/api/reviews'))).reverse();
      this.error = null;
      this.loadDisplaced();
      this.proposals = await api('/api/kg/alignments/proposals', { query: { status: 'pending' } });
    } catch (e) {
      this.error = e;
    }
  }

  /** What the graph holds now for the subject and relation of each proposed triple. */
  async loadDisplaced() {
    const out = {};
    for (const edit of this.queue ?? []) {
      const fromConflicts = (edit.conflicts ?? []).flatMap(conflictFacts);
      if (fromConflicts.length) {
        out[edit.id] = fromConflicts;
        continue;
      }
      const facts = [];
      for (const t of edit.triples ?? []) {
        try {
          const hood = await api(`/api/kg/entities/${encodeURIComponent(t.subject)}`);
          facts.push(...(hood.outgoing ?? []).filter((x) => x.relation === t.relation && termText(x.object) !== termText(t.object)));
        } catch {
          // an unknown subject displaces nothing
        }
      }
      out[edit.id] = facts;
    }
    this.displaced = out;
  }

  async decide(edit, verb) {
    const reasonBox = this.querySelector(`#reason-${edit.id}`);
    const reason = reasonBox?.value.trim() ?? '';
    if (verb === 'reject' && !reason) {
      this.notice = { ok: false, err: { error: 'A reason is needed', detail: `say why edit #${edit.id} is rejected` } };
      reasonBox?.focus();
      return;
    }
    this.busy = edit.id;
    this.notice = null;
    try {
      const result = await api(`/api/reviews/${edit.id}/${verb}`, verb === 'reject' ? { method: 'POST', body: { reason } } : { method: 'POST' });
      this.notice = { ok: true, text: `Edit #${edit.id} ${verb === 'approve' ? 'approved' : 'rejected'}${result?.status ? ` (now ${result.status})` : ''}.` };
    } catch (e) {
      this.notice = { ok: false, err: e };
    } finally {
      this.busy = null;
      await this.load();
    }
  }

  /** Computes alignment proposals over the graph's relations now. */
  async propose() {
    this.proposing = true;
    this.notice = null;
    try {
      const r = await api('/api/kg/alignments/proposals', { method: 'POST' });
      this.notice = { ok: true, text: `${r.created} new alignment proposal(s); ${r.pending} waiting.` };
    } catch (e) {
      this.notice = { ok: false, err: e };
    } finally {
      this.proposing = false;
      await this.load();
    }
  }

  async decideAlignment(p, verb) {
    this.busy = `a${p.id}`;
    this.notice = null;
    try {
      const reason = this.querySelector(`#alignment-reason-${p.id}`)?.value.trim() || null;
      const r = await api(`/api/kg/alignments/proposals/${p.id}/${verb}`, verb === 'reject'
        ? { method: 'POST', body: { reason } } : { method: 'POST' });
      this.notice = { ok: true, text: verb === 'accept'
        ? `${p.a} and ${p.b} are now one relation (aligned: ${(r.aligned ?? []).join(', ')})`
          + `${(r.conflicts ?? []).length ? `; ${r.conflicts.length} subject(s) now hold more than one value across it: see the graph` : ''}`
          + '; undo with DELETE /api/kg/alignments.'
        : `The proposal to align ${p.a} with ${p.b} was rejected.` };
    } catch (e) {
      this.notice = { ok: false, err: e };
    } finally {
      this.busy = null;
      await this.load();
    }
  }

  renderProposal(p) {
    return html`<article class="edit-card alignment-proposal" data-proposal-id=${p.id}>
      <header><span class="badge PENDING_REVIEW">relation alignment</span>
        <strong>${p.a}</strong> = <strong>${p.b}</strong>
        <span class="muted">phrasing ${p.phrasing.toFixed(2)}, ${p.sharedPairs} shared pair(s)</span></header>
      <p class="muted">${p.reason}</p>
      <footer>
        <label class="grow" style="flex:1">Reason
          <input id=${`alignment-reason-${p.id}`} class="reason" placeholder="why (optional)">
        </label>
        <button class="ok accept-alignment" ?disabled=${this.busy === `a${p.id}`} @click=${() => this.decideAlignment(p, 'accept')}>Accept</button>
        <button class="danger reject-alignment" ?disabled=${this.busy === `a${p.id}`} @click=${() => this.decideAlignment(p, 'reject')}>Reject</button>
      </footer>
    </article>`;
  }

  async rollbackUser(e) {
    e.preventDefault();
    const user = this.querySelector('#rollback-user').value.trim();
    if (!user) {
      return;
    }
    if (this.bulk?.confirm !== user) {
      this.bulk = { confirm: user };
      return;
    }
    this.bulk = { running: user };
    try {
      const results = await api(`/api/users/${encodeURIComponent(user)}/rollback`, { method: 'POST' });
      const list = Array.isArray(results) ? results : [];
      this.bulk = {
        finished: user,
        total: list.length,
        done: list.filter((x) => x.rolledBack).map((x) => x.id),
        failed: list.filter((x) => !x.rolledBack).map((x) => ({ id: x.id, err: { error: 'refused', detail: x.detail } })),
      };
    } catch (err) {
      this.bulk = { error: err };
    }
  }

  renderItem(edit) {
    const displaced = this.displaced[edit.id];
    return html`<article class="edit-card review-item" data-edit-id=${edit.id}>
      <header><span class="badge PENDING_REVIEW">pending</span> ${editMeta(edit)}</header>
      ${edit.text ? html`<p class="text">“${edit.text}”</p>` : nothing}
      <div class="review-sides">
        <div><h4>Proposed</h4>${triplesView(edit.triples)}</div>
        <div class="displaced"><h4>Would displace</h4>
          ${displaced === undefined ? html`<span class="muted">looking…</span>`
            : displaced.length ? html`${displaced.map(tripleView)}` : html`<span class="muted">nothing in the graph</span>`}
        </div>
      </div>
      ${conflictsView(edit.conflicts)}
      <footer>
        <label class="grow" style="flex:1">Reason
          <input id=${`reason-${edit.id}`} class="reason" placeholder="why (required to reject)">
        </label>
        <button class="ok approve" ?disabled=${this.busy === edit.id} @click=${() => this.decide(edit, 'approve')}>Approve</button>
        <button class="danger reject" ?disabled=${this.busy === edit.id} @click=${() => this.decide(edit, 'reject')}>Reject</button>
      </footer>
    </article>`;
  }

  renderBulk() {
    const b = this.bulk;
    if (!b) {
      return nothing;
    }
    if (b.error) {
      return errorNote(b.error);
    }
    if (b.confirm) {
      return html`<p class="note warn" role="alert">Press “Roll back all” again to roll back every applied edit of <strong>${b.confirm}</strong>, newest first.</p>`;
    }
    if (b.running) {
      return html`<p class="muted" role="status">Rolling back the edits of ${b.running}…</p>`;
    }
    return html`<div class="note ${b.failed.length ? 'warn' : 'ok'}" role="status" id="rollback-user-result">
      ${b.total === 0 ? html`${b.finished} has no applied edit.` : html`${b.done.length} of ${b.total} edits of ${b.finished} rolled back.`}
      ${b.failed.map((f) => html`<div>#${f.id}: ${f.err.error ?? f.err.message}${f.err.detail ? html` (${f.err.detail})` : nothing}</div>`)}
    </div>`;
  }

  render() {
    return html`
      <div class="page-head"><h1>Review queue</h1><p>Edits that conflict with the graph wait here for an admin.</p></div>
      ${this.notice ? (this.notice.ok ? html`<div class="note ok" role="status">${this.notice.text}</div>` : errorNote(this.notice.err)) : nothing}
      ${this.error ? errorNote(this.error) : nothing}
      <section aria-label="Pending edits" id="review-list">
        ${this.queue === null && !this.error ? html`<p class="muted">Loading…</p>` : nothing}
        ${this.queue && this.queue.length === 0 ? html`<p class="empty panel">The queue is empty.</p>` : nothing}
        ${(this.queue ?? []).map((e) => this.renderItem(e))}
      </section>
      <section class="panel" style="margin-top:1rem" aria-label="Relation alignments" id="alignment-proposals">
        <h2>Relation alignments</h2>
        <p class="muted">Relations that may mean the same (similar phrasings, shared subject-object pairs). Accepting states
          owl:equivalentProperty: conflicts, queries and prompts then treat them as one.</p>
        <div class="row"><button id="propose-alignments" ?disabled=${this.proposing} @click=${() => this.propose()}>
          ${this.proposing ? 'Looking…' : 'Look for alignments'}</button></div>
        ${this.proposals && this.proposals.length === 0 ? html`<p class="empty">No proposal waits.</p>` : nothing}
        ${(this.proposals ?? []).map((p) => this.renderProposal(p))}
      </section>
      <section class="panel" style="margin-top:1rem" aria-label="Roll back a user">
        <h2>Roll back a user</h2>
        <p class="muted">Undo every applied edit of one user, newest first. Edits that later edits depend on are refused and listed.</p>
        <form class="row" @submit=${this.rollbackUser}>
          <label class="grow">User <input id="rollback-user" autocomplete="off" @input=${() => { this.bulk = null; }}></label>
          <button class="danger" type="submit" id="rollback-user-go">Roll back all</button>
        </form>
        ${this.renderBulk()}
      </section>`;
  }
}

customElements.define('concord-review', ConcordReview);
