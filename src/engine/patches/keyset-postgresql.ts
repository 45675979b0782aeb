import type { EnginePatch } from './patch';

/** The keyset read in index order on PostgreSQL. */
export const KEYSET_POSTGRESQL_PATCHES: readonly EnginePatch[] = [
  // The keyset read in index order on PostgreSQL.
  {
    file: 'internal/backends/postgresql/metadata/registry.go',
    from: `			}

			columns[i] = fmt.Sprintf("((%s->%s))", DefaultColumn, strings.Join(transformedParts, " -> "))
			if key.Descending {
				columns[i] += " DESC"
			}
`,
    to: `			}

			columns[i] = fmt.Sprintf("((%s->%s))", DefaultColumn, strings.Join(transformedParts, " -> "))
			if key.Field == "_id" && len(index.Key) > 1 {
				// youthcare-hub: after other fields, _id serves the keyset's order (postgresql/query.go)
				columns[i] = fmt.Sprintf(\`((%s->>'_id') COLLATE "C")\`, DefaultColumn)
			}

			if key.Descending {
				columns[i] += " DESC"
			}
`,
    why: "In an index of other fields and `_id`, `_id` is indexed as `(_jsonb->>'_id') COLLATE \"C\"`, the string in byte order, so the keyset reads a scope in `_id` order from the index and stops at the limit (released: `_jsonb->'_id'`, whose strings follow the database's collation). The leading fields are unchanged; uniqueness is the same.",
  },
  {
    file: 'internal/backends/postgresql/metadata/registry.go',
    from: `
		created = append(created, index.Name)

		// youthcare-hub: equality filters are pushed down as \`_jsonb->'field' @> value\`, which the
		// btree index above cannot serve; a GIN index per top-level indexed field can.
		for _, key := range index.Key {
`,
    to: `
		created = append(created, index.Name)

		// youthcare-hub: statistics of the _id's type, which every keyset query checks
		// (postgresql/query.go); without them the planner takes it to keep 1 row in 200, expects
		// a scope's chunk to be a few rows, and sorts the scope instead of reading the index in
		// order up to the limit. Best effort: PostgreSQL before 14 has no expression statistics.
		_, _ = p.Exec(ctx, fmt.Sprintf(
			\`CREATE STATISTICS IF NOT EXISTS %s ON ((%s->'$s'->'p'->'_id'->>'t')) FROM %s\`,
			pgx.Identifier{dbName, tableNamePart + "_idtype"}.Sanitize(),
			DefaultColumn,
			pgx.Identifier{dbName, c.TableName}.Sanitize(),
		))

		if len(index.Key) == 1 && index.Key[0].Field == "_id" {
			// youthcare-hub: beside the _id index, the keyset's order of _id alone (postgresql/query.go)
			kq := fmt.Sprintf(
				\`CREATE INDEX IF NOT EXISTS %s ON %s (((%s->>'_id') COLLATE "C"))\`,
				pgx.Identifier{tableNamePart + "_keyset"}.Sanitize(),
				pgx.Identifier{dbName, c.TableName}.Sanitize(),
				DefaultColumn,
			)
			if _, err = p.Exec(ctx, kq); err != nil {
				_ = r.indexesDrop(ctx, p, dbName, collectionName, created)
				return lazyerrors.Error(err)
			}
		}

		// youthcare-hub: equality filters are pushed down as \`_jsonb->'field' @> value\`, which the
		// btree index above cannot serve; a GIN index per top-level indexed field can.
		for _, key := range index.Key {
`,
    why: "Beside each collection's `_id_` index, a btree on `(_jsonb->>'_id') COLLATE \"C\"` gives a keyset over the whole collection (an unscoped page) its order (created once, dropped with the table).",
  },
];
