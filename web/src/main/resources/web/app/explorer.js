// Graph explorer: one entity's neighbourhood as an interactive graph (Cytoscape.js), its facts
// as a table, and for each fact the edits that asserted or retracted it.
import { LitElement, html, nothing } from 'lit';
import cytoscape from 'cytoscape';
import { api, termText, isLiteral, entityName, sameTriple, editTime } from './api.js';
import { statusBadge, errorNote, editMeta, tripleView } from './widgets.js';

const MAX_NODES = 80;

class ConcordExplorer extends LitElement {
  static properties = {
    me: { attribute: false },
    entity: { type: String },
    hood: { state: true },
    error: { state: true },
    loading: { state: true },
    selected: { state: true },
    history: { state: true },
    suggestions: { state: true },
  };

  constructor() {
    super();
    this.entity = '';
    this.hood = null;
    this.error = null;
    this.loading = false;
    this.selected = null;
    this.history = null;
    this.cy = null;
    this.suggestions = [];
    this.suggestTimer = null;
  }

  createRenderRoot() {
    return this;
  }

  disconnectedCallback() {
    this.cy?.destroy();
    this.cy = null;
    super.disconnectedCallback();
  }

  willUpdate(changed) {
    if (changed.has('entity')) {
      this.load();
    }
  }

  async load() {
    this.selected = null;
    this.history = null;
    this.error = null;
    if (!this.entity) {
      this.hood = null;
      return;
    }
    this.loading = true;
    try {
      this.hood = await api(`/api/kg/entities/${encodeURIComponent(this.entity)}`);
    } catch (e) {
      this.hood = null;
      this.error = e;
    } finally {
      this.loading = false;
    }
  }

  search(e) {
    e.preventDefault();
    const name = entityName(this.querySelector('#entity-search').value);
    if (name) {
      location.hash = `#/explore/${encodeURIComponent(name)}`;
    }
  }

  suggest(e) {
    const q = e.target.value.trim();
    clearTimeout(this.suggestTimer);
    if (q.length < 2) {
      this.suggestions = [];
      return;
    }
    this.suggestTimer = setTimeout(async () => {
      try {
        const found = await api('/api/kg/search', { query: { q, limit: 12 } });
        this.suggestions = Array.isArray(found) ? found : [];
      } catch {
        this.suggestions = [];
      }
    }, 200);
  }

  facts() {
    if (!this.hood) {
      return [];
    }
    const out = (this.hood.outgoing ?? []).map((t) => ({ t, dir: 'out' }));
    const inc = (this.hood.incoming ?? []).map((t) => ({ t, dir: 'in' }));
    return [...out, ...inc];
  }

  updated() {
    this.drawGraph();
  }

  drawGraph() {
    const box = this.querySelector('#graph');
    if (!box || !this.hood) {
      this.cy?.destroy();
      this.cy = null;
      return;
    }
    const key = JSON.stringify([this.entity, this.hood]);
    if (this.cy && this.cyKey === key) {
      return;
    }
    this.cy?.destroy();
    this.cyKey = key;
    const centre = this.hood.entity ?? this.entity;
    const nodes = new Map([[`n:${centre}`, { data: { id: `n:${centre}`, label: centre.replace(/_/g, ' '), name: centre }, classes: 'centre' }]]);
    const edges = [];
    for (const { t } of this.facts()) {
      const object = termText(t.object);
      const literal = isLiteral(t);
      for (const [name, lit] of [[t.subject, false], [object, literal]]) {
        const id = lit ? `l:${name}` : `n:${name}`;
        if (!nodes.has(id) && nodes.size < MAX_NODES) {
          nodes.set(id, { data: { id, label: String(name).replace(/_/g, ' '), name }, classes: lit ? 'literal' : '' });
        }
      }
      const s = `n:${t.subject}`;
      const o = literal ? `l:${object}` : `n:${object}`;
      if (nodes.has(s) && nodes.has(o)) {
        edges.push({ data: { id: `e:${s}|${t.relation}|${o}`, source: s, target: o, label: t.relation } });
      }
    }
    const elements = [...[...nodes.values()], ...edges];
    this.cy = cytoscape({
      container: box,
      elements,
      maxZoom: 1.5,
      minZoom: 0.2,
      style: [
        { selector: 'node', style: { label: 'data(label)', 'background-color': '#6d8ee8', color: '#1d2330', 'font-size': 11, 'text-valign': 'bottom', 'text-margin-y': 4, width: 22, height: 22, 'text-wrap': 'ellipsis', 'text-max-width': 140 } },
        { selector: 'node.centre', style: { 'background-color': '#2f5bd3', width: 34, height: 34, 'font-weight': 'bold', 'font-size': 13 } },
        { selector: 'node.literal', style: { shape: 'round-rectangle', 'background-color': '#c9b36a' } },
        { selector: 'edge', style: { label: 'data(label)', width: 1.5, 'line-color': '#aab4c8', 'target-arrow-color': '#aab4c8', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', 'font-size': 9, color: '#7a3e9d', 'text-rotation': 'autorotate', 'text-background-color': '#fbfcfe', 'text-background-opacity': 1 } },
      ],
      layout: { name: 'preset' },
    });
    this.runLayout();
    this.cy.on('tap', 'node', (evt) => {
      const n = evt.target;
      if (!n.hasClass('centre') && !n.hasClass('literal')) {
        location.hash = `#/explore/${encodeURIComponent(n.data('name'))}`;
      }
    });
    box.dataset.nodes = String(this.cy.nodes().length);
    box.dataset.edges = String(this.cy.edges().length);
  }

  /**
   * Lays the graph out in rings around the centre. Cytoscape measures the panel and every node for
   * this; while lit re-renders the panel there may be nothing to measure and the layout throws, so
   * it waits for a sized, attached panel and tries again on the next frames.
   */
  runLayout(attempt = 0) {
    const cy = this.cy;
    if (!cy || cy.destroyed()) {
      return;
    }
    const box = cy.container();
    if (box && box.isConnected && box.clientWidth > 0 && box.clientHeight > 0) {
      try {
        cy.resize();
        cy.layout({ name: 'concentric', concentric: (n) => (n.hasClass('centre') ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 50, padding: 30, animate: false }).run();
        return;
      } catch (e) {
        // measured mid-render: the next frame has the panel back
      }
    }
    if (attempt < 20) {
      requestAnimationFrame(() => this.cy === cy && this.runLayout(attempt + 1));
    } else {
      console.warn('graph layout skipped: the graph panel has no size');
    }
  }

  async showHistory(t) {
    this.selected = t;
    this.history = null;
    try {
      const all = await api('/api/edits', { query: { limit: 1000 } });
      const list = (Array.isArray(all) ? all : all?.items ?? []).filter((e) => (e.triples ?? []).some((x) => sameTriple(x, t)));
      list.sort((a, b) => String(editTime(a)).localeCompare(String(editTime(b))));
      this.history = { list };
    } catch (e) {
      this.history = { error: e };
    }
  }

  renderHistory() {
    if (!this.selected) {
      return nothing;
    }
    const h = this.history;
    return html`<section class="panel fact-history" id="fact-history" aria-live="polite">
      <h2>History of ${tripleView(this.selected)}</h2>
      ${!h ? html`<p class="muted">Loading…</p>` : nothing}
      ${h?.error ? errorNote(h.error) : nothing}
      ${h?.list && h.list.length === 0 ? html`<p class="empty">No edit touched this fact: it comes from the seed graph.</p>` : nothing}
      ${h?.list?.length ? html`<ol>${h.list.map((e) => html`<li class="history-entry">
          ${statusBadge(e.status)} ${editMeta(e)}${e.reviewer ? html` · reviewed by ${e.reviewer}` : nothing}
          ${e.text ? html`<div class="muted">“${e.text}”</div>` : nothing}
          <a href=${`#/history?edit=${e.id}`}>open edit</a>
        </li>`)}</ol>` : nothing}
    </section>`;
  }

  renderFacts() {
    const facts = this.facts();
    if (facts.length === 0) {
      return html`<p class="empty">No facts about ${this.entity} in the graph.</p>`;
    }
    return html`<div class="table-wrap"><table id="facts">
      <thead><tr><th scope="col">Subject</th><th scope="col">Relation</th><th scope="col">Object</th><th scope="col"><span class="visually-hidden">History</span></th></tr></thead>
      <tbody>${facts.map(({ t }) => html`<tr class=${this.selected && sameTriple(this.selected, t) ? 'selected' : ''}
          data-triple=${`${t.subject}|${t.relation}|${termText(t.object)}`}>
        <td><a href=${`#/explore/${encodeURIComponent(t.subject)}`}>${t.subject}</a></td>
        <td>${t.relation}</td>
        <td>${isLiteral(t) ? termText(t.object) : html`<a href=${`#/explore/${encodeURIComponent(termText(t.object))}`}>${termText(t.object)}</a>`}</td>
        <td><button class="small" @click=${() => this.showHistory(t)} aria-label=${`History of ${t.subject} ${t.relation} ${termText(t.object)}`}>History</button></td>
      </tr>`)}</tbody>
    </table></div>`;
  }

  render() {
    return html`
      <div class="page-head"><h1>Graph explorer</h1><p>Search an entity; click a neighbour to walk the graph.</p></div>
      <form class="panel row" role="search" @submit=${this.search}>
        <label class="grow">Entity
          <input id="entity-search" name="entity" list="entity-suggestions" .value=${this.entity.replace(/_/g, ' ')}
            placeholder="e.g. Donald Trump" autocomplete="off" @input=${this.suggest}>
          <datalist id="entity-suggestions">${this.suggestions.map((m) => html`<option value=${m.entity}>${m.label ?? ''}</option>`)}</datalist>
        </label>
        <button class="primary" type="submit">Explore</button>
      </form>
      ${this.error ? html`<div class="panel">${errorNote(this.error)}</div>` : nothing}
      ${this.loading ? html`<p class="muted">Loading…</p>` : nothing}
      ${this.hood ? html`
        <div class="split" style="margin-top:1rem">
          <section class="panel" aria-label="Neighbourhood graph">
            <h2 id="entity-title">${(this.hood.entity ?? this.entity).replace(/_/g, ' ')}</h2>
            <div id="graph" class="graph" role="img" aria-label=${`Graph of ${this.entity} and its neighbours`}></div>
          </section>
          <section class="panel" aria-label="Facts">
            <h2>Facts</h2>
            ${this.renderFacts()}
          </section>
        </div>
        ${this.renderHistory()}` : nothing}
      ${!this.entity ? html`<p class="empty">Type a name above, or follow a link from the chat.</p>` : nothing}`;
  }
}

customElements.define('concord-explorer', ConcordExplorer);
