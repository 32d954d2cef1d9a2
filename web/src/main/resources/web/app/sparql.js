// SPARQL console: a CodeMirror 6 editor with SPARQL highlighting, example queries, a time limit,
// and results as a table (SELECT), a yes/no (ASK) or text (CONSTRUCT/DESCRIBE).
import { LitElement, html, nothing } from 'lit';
import { EditorView, basicSetup } from 'codemirror';
import { keymap } from '@codemirror/view';
import { sparqlLanguage } from './sparql-mode.js';
import { sparql } from './api.js';
import { errorNote } from './widgets.js';

const PREFIXES = `PREFIX e: <http://concord.local/entity/>
PREFIX r: <http://concord.local/relation/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
`;

export const EXAMPLES = [
  { title: 'Facts about an entity', query: `${PREFIXES}\nSELECT ?relation ?object WHERE {\n  e:Donald_Trump ?relation ?object .\n}\nLIMIT 50` },
  { title: 'Who is married to whom', query: `${PREFIXES}\nSELECT ?person ?wife WHERE {\n  ?person r:wife ?wife .\n}\nORDER BY ?person\nLIMIT 50` },
  { title: 'Relations by use', query: `${PREFIXES}\nSELECT ?relation (COUNT(*) AS ?uses) WHERE {\n  ?s ?relation ?o .\n}\nGROUP BY ?relation\nORDER BY DESC(?uses)\nLIMIT 25` },
  { title: 'Single-valued relations', query: `${PREFIXES}\nSELECT ?relation ?inverse WHERE {\n  ?relation a owl:FunctionalProperty .\n  OPTIONAL { ?relation owl:inverseOf ?inverse }\n}\nORDER BY ?relation` },
  { title: 'Is a fact known? (ASK)', query: `${PREFIXES}\nASK { e:Donald_Trump r:wife e:Melania_Trump }` },
];

const SHORT = [
  ['http://concord.local/entity/', 'e:'],
  ['http://concord.local/relation/', 'r:'],
  ['http://www.w3.org/2000/01/rdf-schema#', 'rdfs:'],
  ['http://www.w3.org/2002/07/owl#', 'owl:'],
  ['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'rdf:'],
  ['http://www.w3.org/2004/02/skos/core#', 'skos:'],
  ['http://www.w3.org/2001/XMLSchema#', 'xsd:'],
];

function shorten(iri) {
  for (const [ns, p] of SHORT) {
    if (iri.startsWith(ns)) {
      return p + iri.slice(ns.length);
    }
  }
  return iri;
}

function cell(b) {
  if (!b) {
    return html`<span class="muted">—</span>`;
  }
  if (b.type === 'uri') {
    const entity = 'http://concord.local/entity/';
    return b.value.startsWith(entity)
      ? html`<a href=${`#/explore/${encodeURIComponent(b.value.slice(entity.length))}`} title=${b.value}>${shorten(b.value)}</a>`
      : html`<span title=${b.value}>${shorten(b.value)}</span>`;
  }
  if (b.type === 'bnode') {
    return html`_:${b.value}`;
  }
  const suffix = b['xml:lang'] ? `@${b['xml:lang']}` : b.datatype ? ` ^^${shorten(b.datatype)}` : '';
  return html`${b.value}<span class="muted">${suffix}</span>`;
}

class ConcordSparql extends LitElement {
  static properties = {
    result: { state: true },
    error: { state: true },
    running: { state: true },
    elapsed: { state: true },
  };

  constructor() {
    super();
    this.result = null;
    this.error = null;
    this.running = false;
    this.elapsed = null;
    this.view = null;
  }

  createRenderRoot() {
    return this;
  }

  firstUpdated() {
    const saved = sessionStorage.getItem('concord.sparql');
    this.view = new EditorView({
      doc: saved ?? EXAMPLES[0].query,
      extensions: [
        keymap.of([{ key: 'Mod-Enter', run: () => { this.run(); return true; } }]),
        basicSetup,
        sparqlLanguage,
        EditorView.contentAttributes.of({ 'aria-label': 'SPARQL query' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) {
            sessionStorage.setItem('concord.sparql', u.state.doc.toString());
          }
        }),
      ],
      parent: this.querySelector('#sparql-editor'),
    });
  }

  disconnectedCallback() {
    this.view?.destroy();
    this.view = null;
    this.controller?.abort();
    super.disconnectedCallback();
  }

  setQuery(q) {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: q } });
    this.view.focus();
  }

  async run() {
    if (this.running) {
      return;
    }
    const query = this.view.state.doc.toString();
    const seconds = Number(this.querySelector('#sparql-timeout').value) || 10;
    this.controller = new AbortController();
    const timer = setTimeout(() => this.controller.abort(), seconds * 1000);
    this.running = true;
    this.error = null;
    this.result = null;
    const started = performance.now();
    try {
      this.result = await sparql(query, { signal: this.controller.signal });
    } catch (e) {
      this.error = e.name === 'AbortError'
        ? { error: 'Query timed out', detail: `no answer within ${seconds} s; narrow the query or raise the limit` }
        : e;
    } finally {
      clearTimeout(timer);
      this.elapsed = Math.round(performance.now() - started);
      this.running = false;
    }
  }

  renderResult() {
    const r = this.result;
    if (!r) {
      return nothing;
    }
    const d = r.data;
    if (d && typeof d === 'object' && 'boolean' in d) {
      return html`<p class="note ${d.boolean ? 'ok' : 'warn'}" id="sparql-boolean">ASK: <strong>${d.boolean ? 'yes' : 'no'}</strong></p>`;
    }
    if (d && typeof d === 'object' && d.head && d.results) {
      const vars = d.head.vars ?? [];
      const rows = d.results.bindings ?? [];
      return html`<p class="muted" id="sparql-count">${rows.length} row${rows.length === 1 ? '' : 's'} in ${this.elapsed} ms</p>
        <div class="table-wrap results"><table id="sparql-results">
          <thead><tr>${vars.map((v) => html`<th scope="col">?${v}</th>`)}</tr></thead>
          <tbody>${rows.map((row) => html`<tr>${vars.map((v) => html`<td>${cell(row[v])}</td>`)}</tr>`)}</tbody>
        </table></div>`;
    }
    return html`<pre class="results panel" id="sparql-text">${typeof d === 'string' ? d : JSON.stringify(d, null, 2)}</pre>`;
  }

  render() {
    return html`
      <div class="page-head"><h1>SPARQL</h1><p>Read-only queries over the knowledge graph. Ctrl+Enter runs; the server also stops a query that runs past its own time limit.</p></div>
      <section class="panel">
        <div class="examples" style="margin:0 0 .6rem">
          <span class="muted">Examples:</span>
          ${EXAMPLES.map((x) => html`<button type="button" class="chip" @click=${() => this.setQuery(x.query)}>${x.title}</button>`)}
        </div>
        <div class="editor" id="sparql-editor"></div>
        <div class="row" style="margin-top:.6rem">
          <label>Wait at most (s) <input id="sparql-timeout" type="number" min="1" max="300" value="10" style="width:6rem"></label>
          <button class="primary" id="sparql-run" @click=${this.run} ?disabled=${this.running}>${this.running ? 'Running…' : 'Run query'}</button>
        </div>
      </section>
      <section class="panel" aria-live="polite" aria-label="Results">
        <h2>Results</h2>
        ${this.error ? errorNote(this.error) : nothing}
        ${!this.error && !this.result && !this.running ? html`<p class="empty">Run a query to see its results.</p>` : nothing}
        ${this.renderResult()}
      </section>`;
  }
}

customElements.define('concord-sparql', ConcordSparql);
