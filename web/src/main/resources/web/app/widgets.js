// Small lit templates shared by the pages. Every piece of data goes through lit's text
// bindings, which escape it: nothing a user typed is ever parsed as HTML.
import { html, nothing } from 'lit';
import { termText, isLiteral, editTime, when } from './api.js';

const STATUS_TEXT = {
  APPLIED: 'Applied',
  PENDING_REVIEW: 'Waiting for review',
  REJECTED: 'Rejected',
  ROLLED_BACK: 'Rolled back',
  FAILED: 'Failed',
};

export function statusBadge(status) {
  return html`<span class="badge ${status}" data-status=${status}>${STATUS_TEXT[status] ?? status}</span>`;
}

export function entityLink(name) {
  if (name === null || name === undefined) {
    return html`<span class="unknown">?</span>`;
  }
  return html`<a href=${`#/explore/${encodeURIComponent(name)}`} title="Open in the graph explorer">${name}</a>`;
}

/** One triple: subject, relation, object; an unknown part (a question's blank) shows as "?". */
export function tripleView(t) {
  if (!t) {
    return nothing;
  }
  const object = termText(t.object);
  return html`<span class="triple" data-triple=${`${t.subject}|${t.relation}|${object}`}>
    ${entityLink(t.subject)}
    <span class="rel">${t.relation ?? '?'}</span>
    ${object === null ? html`<span class="unknown">?</span>` : isLiteral(t) ? html`<span>“${object}”</span>` : entityLink(object)}
  </span>`;
}

export function triplesView(list) {
  if (!list || list.length === 0) {
    return html`<span class="muted">none</span>`;
  }
  return html`<span class="triples">${list.map(tripleView)}</span>`;
}

const CONFLICT_TEXT = {
  COVERAGE: 'This relation holds one value, and the graph already has another',
  REVERSE: 'The inverse fact would break the inverse relation’s single value',
  DUPLICATE: 'Already known: nothing to change',
  MISSING: 'The graph does not hold the fact to retract',
  POLICY: 'Flagged by the content or trust policy',
};

/** The facts a conflict points at, whatever the API names the field. */
export function conflictFacts(c) {
  const out = [];
  for (const key of ['existing', 'conflicting', 'displaced', 'facts', 'against', 'with']) {
    const v = c[key];
    if (Array.isArray(v)) {
      out.push(...v.filter((x) => x && typeof x === 'object' && 'subject' in x));
    } else if (v && typeof v === 'object' && 'subject' in v) {
      out.push(v);
    }
  }
  return out;
}

export function conflictView(c) {
  const kind = c.kind ?? c.type ?? 'CONFLICT';
  const message = c.message ?? c.detail ?? c.explanation ?? c.reason ?? CONFLICT_TEXT[kind] ?? '';
  const facts = conflictFacts(c);
  return html`<div class="conflict" data-conflict=${kind}>
    <span class="badge warn">${kind}</span> ${message}
    ${c.triple ? html`<div>proposed: ${tripleView(c.triple)}</div>` : nothing}
    ${facts.length ? html`<div>against: ${facts.map(tripleView)}</div>` : nothing}
  </div>`;
}

export function conflictsView(list) {
  if (!list || list.length === 0) {
    return nothing;
  }
  return html`${list.map(conflictView)}`;
}

export function errorNote(err) {
  if (!err) {
    return nothing;
  }
  const title = err.error ?? err.message ?? String(err);
  const detail = err.detail ?? '';
  return html`<div class="note bad" role="alert"><strong>${title}</strong>${detail ? html`<div>${detail}</div>` : nothing}</div>`;
}

export function editMeta(e) {
  return html`<span class="muted">#${e.id} · ${e.author ?? 'unknown'} · <time datetime=${editTime(e) ?? ''}>${when(editTime(e))}</time></span>`;
}
