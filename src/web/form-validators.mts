/**
 * A Vite plugin: validators for the app's form schemas, compiled at build time into
 * plain code (RJSF's precompiled validators over Ajv's standalone code), so the browser
 * never compiles code at run time and the hub's CSP needs no 'unsafe-eval'.
 * `virtual:form-validators` maps each form schema's `$id` to a lazy import of its code.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';
import { compileSchemaValidatorsCode } from '@rjsf/validator-ajv8/compileSchemaValidators';
import { FORM_SCHEMA_IDS, prepareFormSchema } from './src/forms/form-schema.ts';

const INDEX = 'virtual:form-validators';
const ONE = `${INDEX}/`;

/**
 * Ajv's standalone code as an ES module: its `require`s become imports and its exports
 * (keyed by schema id, which ESM names cannot be) the default export.
 */
function asEsm(code: string): string {
  const modules: string[] = [];
  const body = code.replace(/require\("([^"]+)"\)/g, (_, m: string) => {
    let i = modules.indexOf(m);
    if (i < 0) i = modules.push(m) - 1;
    return `__r${i}`;
  });
  const imports = modules.map((m, i) => `import __r${i} from ${JSON.stringify(m)};`).join('\n');
  return `${imports}\nconst module = { exports: {} };\nconst exports = module.exports;\n${body}\nexport default module.exports;`;
}

export function formValidators(schemasDir: string): Plugin {
  const load = (id: string) =>
    JSON.parse(fs.readFileSync(path.join(schemasDir, id), 'utf8')) as Record<string, unknown>;
  return {
    name: 'form-validators',
    resolveId(id) {
      return id === INDEX || id.startsWith(ONE) ? `\0${id}` : null;
    },
    async load(id) {
      if (id === `\0${INDEX}`)
        return `export const validators = {${FORM_SCHEMA_IDS.map((s) => `${JSON.stringify(s)}: () => import(${JSON.stringify(`${ONE}${s}.js`)})`).join(',')}};`;
      if (!id.startsWith(`\0${ONE}`)) return null;
      const schemaId = id.slice(ONE.length + 1, -'.js'.length);
      const schema = await prepareFormSchema(schemaId, load);
      return asEsm(
        compileSchemaValidatorsCode(schema, {
          ajvFormatOptions: false,
          ajvOptionsOverrides: { formats: { date: true, bsn: true } }, // checked by the hub: a form never blocks on them
        }),
      );
    },
  };
}
