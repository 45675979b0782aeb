import { goSource } from './go-source';
import type { EnginePatch } from './patch';

/**
 * `$in` pushed down: the released engine handed every document of a collection to Go for
 * `{f: {$in: [...]}}`, so reading a page's flags or rows by their ids scanned the
 * collection. A `$in` of 1 to 1,000 strings or ObjectIds on a top-level field is now a
 * condition the backend checks through the field's index (SQLite: pushdown.ts; PostgreSQL:
 * below). The handler still filters every returned document.
 */
export const IN_PUSHDOWN_PATCHES: readonly EnginePatch[] = [
  {
    file: 'internal/backends/ins.go',
    from: '',
    to: goSource('internal/backends/ins.go'),
    why: 'Which `$in` lists a backend may push down (both backends read them from here).',
  },
  {
    file: 'internal/backends/postgresql/ins.go',
    from: '',
    to: goSource('internal/backends/postgresql/ins.go'),
    why:
      'The PostgreSQL condition of a `$in`: one jsonpath match of the values (`@@`), which the GIN index serves; a ' +
      'hundred `@>` equalities OR-ed made the planner scan 430,000 caseload rows for 28 s.',
  },
  {
    file: 'internal/backends/postgresql/query.go',
    from: '\t\t\t\tdefault:\n\t\t\t\t\t// $gt and $lt\n',
    to: [
      '\t\t\t\tcase "$in": // youthcare-hub: see ins.go\n',
      '\t\t\t\t\tif f, a := filterIn(p, key, v, keyOperator); f != "" {\n',
      '\t\t\t\t\t\tfilters = append(filters, f)\n',
      '\t\t\t\t\t\targs = append(args, a...)\n',
      '\t\t\t\t\t}\n',
      '\n',
      '\t\t\t\tdefault:\n',
      '\t\t\t\t\t// $gt and $lt\n',
    ].join(''),
    why:
      'PostgreSQL pushed down `$eq` and `$ne` of a field but not `$in`: a page of flags or rows read by id scanned the ' +
      'table. The values become one jsonpath condition on the field (ins.go), which its GIN index serves.',
  },
];
