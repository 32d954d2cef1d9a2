// A small SPARQL 1.1 tokenizer for CodeMirror's StreamLanguage: keywords, variables, IRIs,
// prefixed names, strings, numbers, comments and punctuation. Highlighting only, no parsing.
import { StreamLanguage } from '@codemirror/language';

const KEYWORDS = new Set(`
  base prefix select distinct reduced construct describe ask from named where order by asc desc
  limit offset values optional graph union minus filter bind service silent as group having
  not exists in a true false undef
  count sum min max avg sample group_concat separator
  str lang langmatches datatype bound iri uri bnode rand abs ceil floor round concat strlen ucase
  lcase encode_for_uri contains strstarts strends strbefore strafter year month day hours minutes
  seconds timezone tz now uuid struuid md5 sha1 sha256 sha384 sha512 coalesce if strlang strdt
  sameterm isiri isuri isblank isliteral isnumeric regex substr replace
`.trim().split(/\s+/));

export const sparqlLanguage = StreamLanguage.define({
  name: 'sparql',
  startState: () => ({ inIri: false }),
  token(stream) {
    if (stream.eatSpace()) {
      return null;
    }
    if (stream.match('#')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^"""/) || stream.match(/^'''/)) {
      stream.skipToEnd();
      return 'string';
    }
    const ch = stream.peek();
    if (ch === '"' || ch === "'") {
      stream.next();
      let escaped = false;
      let c;
      while ((c = stream.next()) != null) {
        if (c === ch && !escaped) {
          break;
        }
        escaped = !escaped && c === '\\';
      }
      return 'string';
    }
    if (stream.match(/^<[^<>"{}|^`\\\s]*>/)) {
      return 'link';
    }
    if (stream.match(/^[?$][A-Za-z0-9_]+/)) {
      return 'variableName';
    }
    if (stream.match(/^@[a-zA-Z]+(-[a-zA-Z0-9]+)*/)) {
      return 'meta';
    }
    if (stream.match(/^\^\^/)) {
      return 'operator';
    }
    if (stream.match(/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)/)) {
      return 'number';
    }
    const word = stream.match(/^[A-Za-z_][A-Za-z0-9_-]*(:[A-Za-z0-9_.%-]*)?|^:[A-Za-z0-9_.%-]*/);
    if (word) {
      const text = word[0];
      if (text.includes(':')) {
        return 'atom';
      }
      return KEYWORDS.has(text.toLowerCase()) ? 'keyword' : 'variableName.special';
    }
    if (stream.match(/^[{}()[\].,;]/)) {
      return 'punctuation';
    }
    if (stream.match(/^(\|\||&&|!=|<=|>=|[=<>!*/+|^-])/)) {
      return 'operator';
    }
    stream.next();
    return null;
  },
  languageData: { commentTokens: { line: '#' } },
});
