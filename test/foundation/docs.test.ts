import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, SCHEMAS_DIR } from '../../src/paths';
import * as engine from '../../src/flags/engine';
import { KPIS } from '../../src/kpis/definitions';
import { DEFAULT_KPI_TARGETS } from '../../src/kpis/targets';
import { SchemaRegistry } from '../../src/validation/schemas';

const page = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

describe('documentation', () => {
  const readme = page('README.md');
  const operations = page('docs/operations.md');

  test('the operations page documents every configuration variable with its default', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'internal', 'config.v1.json'), 'utf8')) as {
      properties: Record<string, unknown>;
    };
    const names = Object.keys(schema.properties);
    expect(names.length).toBeGreaterThan(10);
    const missing = names.filter((name) => !new RegExp(`^\\| \`${name}\` \\|`, 'm').test(operations));
    expect(missing).toEqual([]);
  });

  test('the README quick start holds the two commands, and .ci/run runs the test one', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
    expect(fs.readFileSync(path.join(PROJECT_ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm ci && npm test$/m);
  });
});

describe('documentation of flags and webhooks', () => {
  const readme = page('docs/integrators.md');

  test('the integrators page lists every flag rule with its condition, owners and how it clears', () => {
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
  const readme = page('docs/kpis.md');

  test('the KPI page explains every KPI with the definition its module computes, a formula, its direction and default target', () => {
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

  test('the KPI page shows a real scorecard response', () => {
    const block = /## Reading the figures[\s\S]*?```json\n([\s\S]*?)\n```/.exec(readme)?.[1];
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

describe('documentation pages', () => {
  const pages = [
    'README.md',
    ...fs
      .readdirSync(path.join(PROJECT_ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
  const anchorOf = (heading: string) =>
    heading
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
  const anchorsOf = (file: string) =>
    new Set(
      page(file)
        .split('\n')
        .filter((l) => /^#{1,6} /.test(l))
        .map((l) => anchorOf(l.replace(/^#+ /, ''))),
    );

  test('the README is a front page: under 250 lines, linking every docs page', () => {
    const readme = page('README.md');
    expect(readme.split('\n').length).toBeLessThan(250);
    for (const file of pages.filter((p) => p.startsWith('docs/'))) expect(readme).toContain(`](${file})`);
  });

  test('every relative link of the README and docs/ reaches a file, and a heading where it names one', () => {
    const broken: string[] = [];
    for (const file of pages) {
      for (const [, target] of page(file).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue; // http:, mailto:
        const [rel, anchor] = target!.split('#');
        const linked = rel ? path.posix.normalize(path.posix.join(path.posix.dirname(file), rel)) : file;
        if (!fs.existsSync(path.join(PROJECT_ROOT, linked))) broken.push(`${file}: ${target} (no such file)`);
        else if (anchor && !anchorsOf(linked).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('the examples on the integrators page', () => {
  test('the form 1.1 closing report validates against the form it names', () => {
    const block = /A closing report in\nform 1\.1:\n\n```json\n([\s\S]*?)\n```/.exec(page('docs/integrators.md'))?.[1];
    expect(block).toBeDefined();
    const report = JSON.parse(block!) as { formVersion: string };
    expect(report.formVersion).toBe('1.1');
    expect(new SchemaRegistry().validate('evaluation-submission.v1.json', report)).toEqual([]);
  });
});
