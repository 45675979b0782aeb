/**
 * Reads an iJw 3.2 message (JW301, JW305, JW307) from XML into the JSON shape of
 * its schema under schemas/ (`ijw-jwNNN.v1.json`), element by element, following the
 * schema: elements in the order and namespace it declares, a repeatable element as an
 * array, a simple element as its text. The JSON is then validated against the same
 * schema; every error names the XML element path, as in
 * `/Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum`.
 */
import { errors, type FieldError } from '../../errors';
import type { SchemaDocument, SchemaRegistry } from '../../validation/schemas';
import type { XmlElement } from './xml';
import { messageRules } from './rules';
import { IJW_MESSAGES, type IjwMessage, type IjwMessageType } from './messages';

/** The iJw 3.2 base namespace (basisschema). */
export const IJW_BASE_NS = 'http://www.istandaarden.nl/ijw/3_2/basisschema/schema';
const MESSAGE_NS = /^http:\/\/www\.istandaarden\.nl\/ijw\/3_2\/jw(\d{3})\/schema$/;
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

const OTHER_MESSAGES: Record<string, string> = {
  '315': "JW315 is a provider's request for an allocation",
  '317': "JW317 is a provider's request for a change",
  '319': "JW319 is the municipality's answer to a request",
};

type Schema = SchemaDocument & {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
  'x-xml-namespace'?: string;
};

/** The message type of a root element, or a 415/422 saying why it is none the hub takes. */
function messageTypeOf(root: XmlElement): { type: IjwMessageType; ns: string } {
  const m = MESSAGE_NS.exec(root.uri);
  const expected = `Bericht in namespace http://www.istandaarden.nl/ijw/3_2/jwNNN/schema (NNN = 301, 305 or 307)`;
  if (!m || root.local !== 'Bericht')
    throw errors.notAnIjwMessage(
      `The body is not an iJw 3.2 message: its root element is ${root.local} in ${root.uri ? `namespace ${root.uri}` : 'no namespace'}; expected ${expected}.`,
    );
  const type = `JW${m[1]}`;
  if (!(type in IJW_MESSAGES))
    throw errors.unprocessable(
      'ijw-message-type',
      `${OTHER_MESSAGES[m[1]!] ?? `${type} is not a message the hub takes`}; the hub takes the municipality's JW301, JW305 and JW307.`,
      [{ path: '/Bericht', message: `is a ${type} message` }],
    );
  return { type: type as IjwMessageType, ns: root.uri };
}

/** Follows `$ref`s (within the registry's documents) to the schema they name. */
function resolver(registry: SchemaRegistry, docId: string) {
  const deref = (schema: Schema, base: string): { schema: Schema; base: string } => {
    let s = schema;
    let b = base;
    while (s.$ref) {
      const [file, pointer = ''] = s.$ref.split('#');
      const target = file ? (file.startsWith('common/') || !b.startsWith('common/') ? file : `common/${file}`) : b;
      const doc = registry.get(target);
      if (!doc) throw new Error(`unknown schema ${target}`);
      s = pointer
        .split('/')
        .filter(Boolean)
        .reduce<Schema>((node, key) => (node as unknown as Record<string, Schema>)[key]!, doc as Schema);
      b = target;
    }
    return { schema: s, base: b };
  };
  return (schema: Schema, base = docId) => deref(schema, base);
}

/** Reads and validates a message; throws 415/422 with every problem, by element path. */
export function readIjwMessage(registry: SchemaRegistry, root: XmlElement): IjwMessage {
  const { type, ns } = messageTypeOf(root);
  const schemaId = IJW_MESSAGES[type];
  const resolve = resolver(registry, schemaId);
  const problems: FieldError[] = [];

  const read = (el: XmlElement, schema: Schema, base: string, path: string): unknown => {
    const { schema: s, base: b } = resolve(schema, base);
    for (const a of el.attributes)
      if (a.uri !== XSI) problems.push({ path, message: `has attribute ${a.name}; iJw elements carry none` });
    if (s.type !== 'object') {
      if (el.children.length > 0) problems.push({ path, message: 'must hold a value, not elements' });
      return el.text.trim();
    }
    if (el.text.trim() !== '') problems.push({ path, message: 'must hold elements, not text' });
    const props = s.properties ?? {};
    const order = Object.keys(props);
    const childNs = s['x-xml-namespace'] === 'basis' ? IJW_BASE_NS : ns;
    const out: Record<string, unknown> = {};
    let last = -1;
    for (const child of el.children) {
      const at = order.indexOf(child.local);
      const childPath = `${path}/${child.local}`;
      if (at < 0) {
        problems.push({ path: childPath, message: `is not an element of ${el.local} (expected: ${order.join(', ')})` });
        continue;
      }
      if (child.uri !== childNs)
        problems.push({
          path: childPath,
          message: `must be in namespace ${childNs}, not ${child.uri || 'no namespace'}`,
        });
      if (at < last)
        problems.push({
          path: childPath,
          message: `comes too late: ${el.local} holds ${order.join(', ')} in this order`,
        });
      last = Math.max(last, at);
      const prop = resolve(props[child.local]!, b);
      if (prop.schema.type === 'array') {
        const list = (out[child.local] ??= []) as unknown[];
        list.push(read(child, prop.schema.items!, prop.base, `${childPath}[${list.length + 1}]`));
      } else if (child.local in out) {
        problems.push({ path: childPath, message: `appears more than once; ${el.local} holds at most one` });
      } else {
        out[child.local] = read(child, prop.schema, prop.base, childPath);
      }
    }
    return out;
  };

  const content = read(root, registry.get(schemaId) as Schema, schemaId, '/Bericht');
  problems.push(...registry.validate(schemaId, content).map((e) => ({ ...e, path: elementPath(e.path) })));
  const message = { type, content } as IjwMessage;
  if (problems.length === 0) problems.push(...messageRules(message));
  if (problems.length > 0)
    throw errors.validation(
      dedupe(problems),
      `The ${type} message does not match the iJw 3.2 rules; each error names the element (XML path).`,
    );
  return message;
}

/** A JSON Pointer into the read message as an XML element path: `/Client/X/1/Y` → `/Bericht/Client/X[2]/Y`. */
export function elementPath(pointer: string): string {
  const parts = pointer.split('/').filter(Boolean);
  const out: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part) && out.length > 0) out[out.length - 1] += `[${Number(part) + 1}]`;
    else out.push(part);
  }
  return `/Bericht${out.length ? `/${out.join('/')}` : ''}`;
}

function dedupe(problems: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
