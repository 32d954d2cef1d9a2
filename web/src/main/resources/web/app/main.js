// The application shell: who is signed in, the navigation, the live event stream and a
// hash router (#/chat, #/explore/Name, #/history, #/review, #/sparql, #/model).
import { LitElement, html, nothing } from 'lit';
import './style.css';
import { api, me2name, me2roles } from './api.js';
import { errorNote } from './widgets.js';
import { events } from './events.js';
import './chat.js';
import './explorer.js';
import './history.js';
import './review.js';
import './sparql.js';
import './model.js';

const PAGES = [
  { id: 'chat', title: 'Chat' },
  { id: 'explore', title: 'Graph' },
  { id: 'history', title: 'History' },
  { id: 'review', title: 'Review', admin: true },
  { id: 'sparql', title: 'SPARQL' },
  { id: 'model', title: 'Model' },
];

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, qs] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  return { page: parts[0] || 'chat', arg: parts[1] ?? '', params: new URLSearchParams(qs ?? '') };
}

class ConcordApp extends LitElement {
  static properties = {
    me: { state: true },
    route: { state: true },
    error: { state: true },
    live: { state: true },
  };

  constructor() {
    super();
    this.me = null;
    this.route = parseHash();
    this.error = null;
    this.live = false;
    this.onHash = () => {
      this.route = parseHash();
      window.scrollTo(0, 0);
    };
    this.onLive = (e) => {
      this.live = e.detail;
    };
  }

  createRenderRoot() {
    return this;
  }

  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    events.addEventListener('status', this.onLive);
    this.loadMe();
  }

  disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHash);
    events.removeEventListener('status', this.onLive);
    events.stop();
    super.disconnectedCallback();
  }

  async loadMe() {
    try {
      this.me = await api('/api/me');
      events.start();
    } catch (e) {
      this.error = e;
    }
  }

  get isAdmin() {
    return me2roles(this.me).includes('admin');
  }

  async logout() {
    events.stop();
    try {
      await fetch('/logout', { method: 'POST', credentials: 'same-origin', redirect: 'manual' });
    } finally {
      location.assign('/login.html?loggedOut=1');
    }
  }

  renderPage() {
    const { page, arg, params } = this.route;
    const me = this.me;
    switch (page) {
      case 'chat':
        return html`<concord-chat .me=${me}></concord-chat>`;
      case 'explore':
        return html`<concord-explorer .me=${me} .entity=${arg}></concord-explorer>`;
      case 'history':
        return html`<concord-history .me=${me} .params=${params}></concord-history>`;
      case 'review':
        return this.isAdmin
          ? html`<concord-review .me=${me}></concord-review>`
          : html`<div class="panel"><h1>Review queue</h1><p class="note warn" role="alert">Only admins review edits. You are signed in as ${me2name(me)}.</p></div>`;
      case 'sparql':
        return html`<concord-sparql></concord-sparql>`;
      case 'model':
        return html`<concord-model .me=${me}></concord-model>`;
      default:
        return html`<div class="panel"><h1>Not found</h1><p>There is no page “${page}”. <a href="#/chat">Go to the chat</a>.</p></div>`;
    }
  }

  render() {
    if (!this.me) {
      return html`<main id="main">${this.error ? errorNote(this.error) : html`<p class="muted">Loading…</p>`}</main>`;
    }
    const pages = PAGES.filter((p) => !p.admin || this.isAdmin);
    return html`
      <a class="skip-link" href="#main" @click=${(e) => { e.preventDefault(); this.querySelector('#main')?.focus(); }}>Skip to content</a>
      <header class="topbar">
        <a class="brand" href="#/chat">Concord<small>knowledge editing</small></a>
        <nav class="mainnav" aria-label="Main">
          ${pages.map((p) => html`<a href=${`#/${p.id}`} aria-current=${this.route.page === p.id ? 'page' : nothing}>${p.title}</a>`)}
        </nav>
        <div class="whoami">
          <span class="live-dot ${this.live ? 'on' : ''}" title=${this.live ? 'Live updates connected' : 'Live updates disconnected'}></span>
          <span id="whoami-name" data-user=${me2name(this.me)}>${me2name(this.me)}</span>
          <span class="role" id="whoami-role">${me2roles(this.me).join(', ')}</span>
          <button class="link small" id="logout" @click=${this.logout}>Sign out</button>
        </div>
      </header>
      <main id="main" tabindex="-1">${this.renderPage()}</main>`;
  }
}

customElements.define('concord-app', ConcordApp);
