import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, SCHEMAS_DIR } from '../../src/paths';

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
