// Chat: tell Concord a fact or ask a question. Each reply shows what was understood (intent and
// triples), what happened to the edit, and for questions the graph's answer beside the model's.
// The conversation is kept per user in this browser; a side panel shows other users' edits live.
import { LitElement, html, nothing } from 'lit';
import { api, me2name, termText } from './api.js';
import { statusBadge, triplesView, conflictsView, errorNote, tripleView } from './widgets.js';
import { events, eventEdit, eventType, eventActor } from './events.js';
import { editsOf, newestFirst } from './history.js';

const EXAMPLES = [
  "Donald Trump's wife is Melania Trump.",
  "Who is Donald Trump's wife?",
  'What is the capital of America?',
];

const MAX_KEPT = 200;

function storageKey(me) {
  return `concord.chat.${me2name(me)}`;
}

function answerText(a) {
  if (a === null || a === undefined || a === '') {
    return null;
  }
  if (Array.isArray(a)) {
    return a.length ? a.map(termText).join(', ') : null;
  }
  if (typeof a === 'object') {
    return a.text ?? a.answer ?? a.completion ?? (a.values ? a.values.map(termText).join(', ') : JSON.stringify(a));
  }
  return String(a);
}

class ConcordChat extends LitElement {
  static properties = {
    me: { attribute: false },
    log: { state: true },
    busy: { state: true },
    model: { state: true },
    feed: { state: true },
    live: { state: true },
  };

  constructor() {
    super();
    this.log = [];
    this.busy = false;
    this.model = null;
    this.feed = [];
    this.live = false;
    this.onEvent = (e) => this.addFeed(e.detail);
    this.onStatus = (e) => {
      this.live = e.detail;
    };
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    try {
      this.log = JSON.parse(localStorage.getItem(storageKey(this.me)) ?? '[]');
    } catch {
      this.log = [];
    }
    events.addEventListener('event', this.onEvent);
    events.addEventListener('status', this.onStatus);
    this.live = events.socket?.readyState === WebSocket.OPEN;
    this.loadRecent();
    api('/api/model').then((m) => {
      this.model = m;
    }, () => {
      this.model = { model: 'unknown', state: 'UNKNOWN' };
    });
  }

  disconnectedCallback() {
    events.removeEventListener('event', this.onEvent);
    events.removeEventListener('status', this.onStatus);
    super.disconnectedCallback();
  }

  updated() {
    const logEl = this.querySelector('.chat-log');
    if (logEl) {
      logEl.scrollTop = logEl.scrollHeight;
    }
  }

  /** Starts the feed with the latest edits of other people, so it is not empty on arrival. */
  async loadRecent() {
    try {
      const mine = me2name(this.me);
      const recent = newestFirst(editsOf(await api('/api/edits', { query: { limit: 30 } })))
        .filter((e) => e.author !== mine)
        .slice(0, 10)
        .map((e) => {
          const at = e.updatedAt ?? e.createdAt ?? new Date().toISOString();
          return { ev: { actor: e.author, kind: 'edit', editId: e.id, edit: e, at }, at };
        });
      this.feed = [...this.feed, ...recent];
    } catch {
      // the live events still arrive; only the recent past is missing
    }
  }

  addFeed(ev) {
    const actor = eventActor(ev);
    if (actor && actor === me2name(this.me)) {
      return;
    }
    this.feed = [{ ev, at: new Date().toISOString() }, ...this.feed].slice(0, 50);
  }

  save() {
    try {
      localStorage.setItem(storageKey(this.me), JSON.stringify(this.log.slice(-MAX_KEPT)));
    } catch {
      // a full or disabled storage only loses the saved conversation, not the page
    }
  }

  async send(text) {
    const message = text.trim();
    if (!message || this.busy) {
      return;
    }
    this.log = [...this.log, { role: 'user', text: message, at: new Date().toISOString() }];
    this.busy = true;
    try {
      const data = await api('/api/chat', { method: 'POST', body: { message } });
      this.log = [...this.log, { role: 'bot', data }];
    } catch (e) {
      this.log = [...this.log, { role: 'bot', error: { error: e.error ?? e.message, detail: e.detail ?? '' } }];
    } finally {
      this.busy = false;
      this.save();
    }
  }

  onSubmit(e) {
    e.preventDefault();
    const box = this.querySelector('#chat-input');
    const text = box.value;
    box.value = '';
    this.send(text);
    box.focus();
  }

  onKey(e) {
    if (e.key === 'Enter' && !e.shiftKey) {
      this.onSubmit(e);
    }
  }

  clear() {
    this.log = [];
    this.save();
  }

  get modelLabel() {
    if (!this.model) {
      return 'model';
    }
    const name = this.model.model ?? this.model.name;
    const state = this.model.state ?? (this.model.enabled === false ? 'DISABLED' : 'READY');
    if (state === 'READY') {
      return name ?? 'model';
    }
    return name ? `${name} (${state.toLowerCase()})` : `none (${state.toLowerCase()})`;
  }

  renderOutcome(d) {
    const edits = Array.isArray(d.edits) && d.edits.length ? d.edits : d.edit ? [d.edit] : [];
    return html`${edits.map((e) => this.renderEdit(e))}`;
  }

  renderEdit(edit) {
    let explain = nothing;
    if (edit.status === 'APPLIED' && edit.noChange) {
      explain = html`<p>Already known: nothing changed.</p>`;
    } else if (edit.status === 'APPLIED') {
      const toModel = edit.model?.action && edit.model.action !== 'NONE';
      explain = html`<p>Written to the knowledge graph${toModel ? ' and the model' : ''}.</p>`;
    } else if (edit.status === 'PENDING_REVIEW') {
      explain = html`<p>It conflicts with what the graph holds, so an admin will review it.</p>`;
    } else if (edit.status === 'REJECTED') {
      explain = html`<p>Not applied${edit.reason ? html`: ${edit.reason}` : '.'}</p>`;
    }
    return html`<div class="section outcome" data-edit-id=${edit.id} data-status=${edit.status}>
      <div class="section-title">What happened</div>
      ${statusBadge(edit.status)} <a href=${`#/history?edit=${edit.id}`}>edit #${edit.id}</a>
      ${explain}
      ${conflictsView(edit.conflicts)}
    </div>`;
  }

  renderAnswer(d) {
    if (!d.answer) {
      return nothing;
    }
    const kg = answerText(d.answer.kg);
    const completion = d.answer.llm;
    const llm = completion && typeof completion === 'object' && 'completion' in completion
      ? (completion.completion ?? (completion.status ? `(${completion.status})` : null))
      : answerText(completion);
    const label = completion && typeof completion === 'object' && completion.model ? completion.model : this.modelLabel;
    return html`<div class="section">
      <div class="section-title">Answers</div>
      <div class="answers">
        <div class="answer answer-kg"><h4>Knowledge graph</h4>${kg ?? html`<span class="muted">no fact found</span>`}</div>
        <div class="answer answer-llm"><h4>Model: ${label}</h4>
          ${completion?.prompt ? html`<div class="muted small">completing “${completion.prompt}”</div>` : nothing}
          ${llm ?? html`<span class="muted">no answer</span>`}</div>
        ${d.answer.chat?.completion ? html`<div class="answer answer-chat"><h4>Model, asked in its own words</h4>${d.answer.chat.completion}</div>` : nothing}
      </div>
    </div>`;
  }

  renderBot(entry) {
    if (entry.error) {
      return html`<div class="msg bot">${errorNote(entry.error)}</div>`;
    }
    const d = entry.data ?? {};
    return html`<div class="msg bot">
      <div class="reply">${d.reply ?? ''}</div>
      <div class="section understood">
        <div class="section-title">Understood</div>
        <span class="badge intent">${d.intent ?? 'UNKNOWN'}</span> ${triplesView(d.triples)}
      </div>
      ${this.renderOutcome(d)}
      ${this.renderAnswer(d)}
    </div>`;
  }

  renderFeedItem({ ev, at }) {
    const edit = eventEdit(ev);
    const triples = edit.triples ?? (edit.triple ? [edit.triple] : []);
    return html`<li class="feed-item" data-type=${eventType(ev)}>
      <div><strong>${eventActor(ev) ?? 'someone'}</strong> · ${eventType(ev).toLowerCase().replace(/_/g, ' ')}
        ${edit.status ? statusBadge(edit.status) : nothing}
        ${(ev.editId ?? edit.id) != null ? html`<a href=${`#/history?edit=${ev.editId ?? edit.id}`}>#${ev.editId ?? edit.id}</a>` : nothing}</div>
      ${triples.length ? html`<div>${triples.map(tripleView)}</div>` : nothing}
      ${ev.detail ? html`<div>${ev.detail}</div>` : nothing}
      <div class="when">${new Date(ev.at ?? at).toLocaleTimeString()}</div>
    </li>`;
  }

  render() {
    return html`
      <div class="page-head"><h1>Chat</h1><p>Teach a fact or ask a question in plain language.</p></div>
      <div class="grid-2">
        <section class="panel" aria-label="Conversation">
          <div class="chat-log" role="log" aria-live="polite" aria-label="Conversation with Concord">
            ${this.log.length === 0 ? html`<p class="empty">No messages yet. Try one of the examples below.</p>` : nothing}
            ${this.log.map((m) => (m.role === 'user' ? html`<div class="msg user">${m.text}</div>` : this.renderBot(m)))}
            ${this.busy ? html`<p class="muted" aria-busy="true">Concord is thinking…</p>` : nothing}
          </div>
          <form class="composer" @submit=${this.onSubmit}>
            <label class="visually-hidden" for="chat-input">Message</label>
            <textarea id="chat-input" rows="2" placeholder="e.g. Melania Trump is the wife of Donald Trump" @keydown=${this.onKey}></textarea>
            <button class="primary" type="submit" id="chat-send" ?disabled=${this.busy}>Send</button>
          </form>
          <div class="examples">
            ${EXAMPLES.map((t) => html`<button type="button" class="chip" @click=${() => this.send(t)}>${t}</button>`)}
            ${this.log.length ? html`<button type="button" class="small" @click=${this.clear}>Clear conversation</button>` : nothing}
          </div>
        </section>
        <aside class="panel" aria-label="Live activity">
          <h2><span class="live-dot ${this.live ? 'on' : ''}"></span>Live activity</h2>
          <p class="muted">Edits, reviews and rollbacks by other people, as they happen.</p>
          ${this.feed.length === 0 ? html`<p class="empty">Nothing yet.</p>` : nothing}
          <ul class="feed" id="live-feed">${this.feed.map((f) => this.renderFeedItem(f))}</ul>
        </aside>
      </div>`;
  }
}

customElements.define('concord-chat', ConcordChat);
