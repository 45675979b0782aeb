import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, SCHEMAS_DIR } from '../../src/paths';
import * as engine from '../../src/flags/engine';

describe('documentation', () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

  test('the README documents every configuration variable with its default', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'internal', 'config.v1.json'), 'utf8')) as { properties: Record<string, unknown> };
    const names = Object.keys(schema.properties);
    expect(names.length).toBeGreaterThan(10);
    const missing = names.filter((name) => !new RegExp(`^\\| \`${name}\` \\|`, 'm').test(readme));
    expect(missing).toEqual([]);
  });

  test('the README quick start holds the two commands, and .ci/run runs the test one', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    expect(fs.readFileSync(path.join(PROJECT_ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm ci && npm test$/m);
  });
});

describe('documentation of flags and webhooks', () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

  test('the README lists every flag rule with its condition, owners and how it clears', () => {
    const { RULES_BY_TYPE } = engine;
    for (const rule of RULES_BY_TYPE.values()) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${rule.type}\` |`));
      expect({ type: rule.type, row }).toEqual({ type: rule.type, row: expect.stringContaining(rule.condition) });
      expect(row).toContain(rule.clears);
      expect(row).toContain(rule.owners.join(', '));
    }
  });
});
