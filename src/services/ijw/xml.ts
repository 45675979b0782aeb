/**
 * Reads one XML document into a small element tree with namespaces resolved
 * (saxes: strict, namespace-aware, no DTDs). A document that is not well-formed is
 * 400 with its line and column; a DOCTYPE is refused, so no entity is ever expanded.
 */
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { errors } from '../../errors';

/** One element: its namespace and local name, attributes, children and text. */
export interface XmlElement {
  uri: string;
  local: string;
  /** Attributes other than namespace declarations, by qualified name. */
  attributes: { name: string; uri: string; value: string }[];
  children: XmlElement[];
  text: string;
  line: number;
}

const XMLNS = 'http://www.w3.org/2000/xmlns/';
/** Deeper than any iJw message (JW301 nests 8 levels). */
const MAX_DEPTH = 32;

/** Parses the document; throws 400 `malformed-xml` naming where it breaks. */
export function parseXml(text: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (why: string): never => {
    throw errors.badRequest(
      'malformed-xml',
      `The body is not well-formed XML: ${why} (line ${parser.line}, column ${parser.column}).`,
    );
  };
  parser.on('error', (err) => fail(err.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')));
  parser.on('doctype', () => fail('a DOCTYPE is not accepted'));
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (stack.length >= MAX_DEPTH) fail(`elements nest deeper than ${MAX_DEPTH} levels`);
    const el: XmlElement = {
      uri: tag.uri,
      local: tag.local,
      attributes: Object.values(tag.attributes)
        .filter((a) => a.uri !== XMLNS && a.name !== 'xmlns')
        .map((a) => ({ name: a.name, uri: a.uri, value: a.value })),
      children: [],
      text: '',
      line: parser.line,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  const addText = (t: string) => {
    const current = stack[stack.length - 1];
    if (current) current.text += t;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    stack.pop();
  });
  if (text.trim() === '') fail('the body is empty');
  parser.write(text).close();
  return root ?? fail('no root element');
}
