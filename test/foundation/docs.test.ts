import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, SCHEMAS_DIR } from '../../src/paths';
import * as engine from '../../src/flags/engine';
import { KPIS } from '../../src/kpis/definitions';
import { DEFAULT_KPI_TARGETS } from '../../src/kpis/targets';

describe('documentation', () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

  test('the README documents every configuration variable with its default', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'internal', 'config.v1.json'), 'utf8')) as {
      properties: Record<string, unknown>;
    };
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

describe('documentation of the KPIs', () => {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');

  test('the README explains every KPI with the definition its module computes, a formula, its direction and default target', () => {
    const lines = readme.split('\n');
    for (const k of KPIS) {
      const i = lines.findIndex((l) => l.startsWith(`- **\`${k.id}\`**:`));
      expect({ kpi: k.id, found: i >= 0 }).toEqual({ kpi: k.id, found: true });
      expect(lines[i]).toContain(k.definition);
      expect(lines[i + 1]).toMatch(/^ {2}Formula: .+/);
      const row = lines.find((l) => l.startsWith(`| \`${k.id}\` |`));
      const t = DEFAULT_KPI_TARGETS[k.id];
      const shown =
        k.unit === 'ratio'
          ? `${Math.round(t.target * 100)} %`
          : k.unit === 'days'
            ? `${t.target} days`
            : t.target.toFixed(1);
      expect(row).toContain(`| ${k.direction === 'higher_is_better' ? 'higher' : 'lower'} | ${shown} (to `);
    }
  });

  test('the README shows a real scorecard response', () => {
    const block = /### Reading the figures[\s\S]*?```json\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const card = JSON.parse(block!.replace(/,?\s*"…": "…"/g, '')) as {
      provider: { agbCode: string };
      kpis: { kpi: string; trend: string; quarters: unknown[] }[];
      openFlags: object;
    };
    expect(card.provider.agbCode).toMatch(/^\d{8}$/);
    expect(card.kpis[0]).toMatchObject({
      kpi: expect.any(String),
      trend: expect.any(String),
      quarters: expect.any(Array),
    });
  });
});
