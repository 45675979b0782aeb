// Lints an OpenAPI document read from stdin with Redocly's recommended rules and
// prints the problems as JSON lines. @redocly/openapi-core is ESM-only, so the Jest
// test (CommonJS) runs it in its own Node process.
import { createConfig, lintFromString } from '@redocly/openapi-core';

let source = '';
for await (const chunk of process.stdin) source += chunk;
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source, absoluteRef: 'http://hub.test/openapi.json', config });
for (const p of problems) {
  process.stdout.write(
    `${JSON.stringify({ severity: p.severity, rule: p.ruleId, message: p.message, at: p.location[0]?.pointer ?? '' })}\n`,
  );
}
process.stdout.write(`${JSON.stringify({ done: true, count: problems.length })}\n`);
