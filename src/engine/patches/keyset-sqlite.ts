import type { EnginePatch } from './patch';

/** The keyset read in index order on SQLite, and explained. */
export const KEYSET_SQLITE_PATCHES: readonly EnginePatch[] = [
  // The keyset read in index order on SQLite, and explained.
  {
    file: 'internal/backends/collection.go',
    from: `	Filter *types.Document
	Sort   *types.Document
	Limit  int64
}

// ExplainResult represents the results of Collection.Explain method.
`,
    to: `	Filter *types.Document
	Sort   *types.Document
	Limit  int64
	Keyset *Keyset // youthcare-hub: explained as Query runs it (keyset.go)
}

// ExplainResult represents the results of Collection.Explain method.
`,
    why: '`explain` reports a keyset find as the engine runs it.',
  },
  {
    file: 'internal/backends/postgresql/collection.go',
    from: `
	res.FilterPushdown = where != ""

	q += where

	sort, sortArgs := prepareOrderByClause(params.Sort)
`,
    to: `
	res.FilterPushdown = where != ""

	if params.Keyset != nil { // youthcare-hub: the keyset chunk's query (query.go)
		table := pgx.Identifier{c.dbName, meta.TableName}.Sanitize()
		q, args = prepareKeysetQuery(&placeholder, table, "", where, args, params.Filter, params.Keyset)
		q = \`EXPLAIN (VERBOSE true, FORMAT JSON) \` + q
		where = ""
	}

	q += where

	sort, sortArgs := prepareOrderByClause(params.Sort)
`,
    why: "PostgreSQL explains the keyset chunk's query.",
  },
  {
    file: 'internal/backends/postgresql/collection.go',
    from: `		res.LimitPushdown = true
	}

	var b []byte
	if err = p.QueryRow(ctx, q, args...).Scan(&b); err != nil {
		return nil, lazyerrors.Error(err)
`,
    to: `		res.LimitPushdown = true
	}

	if params.Keyset != nil { // youthcare-hub: the keyset orders and limits in SQL
		res.SortPushdown, res.LimitPushdown = true, true
	}

	var b []byte
	if err = p.QueryRow(ctx, q, args...).Scan(&b); err != nil {
		return nil, lazyerrors.Error(err)
`,
    why: "PostgreSQL's explain reports the keyset's sort and limit as pushed down.",
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: `		limitPushdown = true
	}

	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, lazyerrors.Error(err)
`,
    to: `		limitPushdown = true
	}

	if params.Keyset != nil { // youthcare-hub: the keyset chunk's query (query.go)
		q, args = prepareKeysetQuery(meta.TableName, "", params.Filter, params.Keyset)
		q = \`EXPLAIN QUERY PLAN \` + q
		sortPushdown, limitPushdown = true, true
	}

	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, lazyerrors.Error(err)
`,
    why: "SQLite explains the keyset chunk's query, sort and limit pushed down.",
  },
  {
    file: 'internal/backends/sqlite/metadata/registry.go',
    from: `			}

			columns[i] = fmt.Sprintf("%s->%s", DefaultColumn, strings.Join(fields, "->"))
			if key.Descending {
				columns[i] += " DESC"
			}
`,
    to: `			}

			columns[i] = fmt.Sprintf("%s->%s", DefaultColumn, strings.Join(fields, "->"))
			if key.Field == "_id" && len(index.Key) > 1 {
				// youthcare-hub: after other fields, _id serves the keyset's order (sqlite/query.go)
				columns[i] = DefaultColumn + "->>'_id'"
			}

			if key.Descending {
				columns[i] += " DESC"
			}
`,
    why: "In an index of other fields and `_id` (the hub's (scope, `_id`) indexes), `_id` is indexed as `->>'_id'`, the string itself, so the keyset reads a scope in `_id` order from the index and stops at the limit (released: `->\"_id\"`, the JSON text, whose order is not the strings' order). The leading fields, which equality pushdown uses, are unchanged; uniqueness is the same.",
  },
  {
    file: 'internal/backends/sqlite/metadata/registry.go',
    from: `			return lazyerrors.Error(err)
		}

		created = append(created, index.Name)
		c.Settings.Indexes = append(c.Settings.Indexes, index)
	}
`,
    to: `			return lazyerrors.Error(err)
		}

		if len(index.Key) == 1 && index.Key[0].Field == "_id" {
			// youthcare-hub: beside the _id index, the keyset's order of _id alone (sqlite/query.go)
			kq := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %q ON %q (%s->>'_id')", c.TableName+"_$keyset", c.TableName, DefaultColumn)
			if _, err := db.ExecContext(ctx, kq); err != nil {
				_ = r.indexesDrop(ctx, dbName, collectionName, created)
				return lazyerrors.Error(err)
			}
		}

		created = append(created, index.Name)
		c.Settings.Indexes = append(c.Settings.Indexes, index)
	}
`,
    why: "Beside each collection's `_id_` index, an index on `->>'_id'` gives a keyset over the whole collection (an unscoped page) its order (created once, dropped with the table).",
  },
  {
    file: 'internal/handler/msg_explain.go',
    from: `		qp.Limit = params.Limit
	}

	res, err := coll.Explain(connCtx, qp)
	if err != nil {
		return nil, lazyerrors.Error(err)
`,
    to: `		qp.Limit = params.Limit
	}

	// youthcare-hub: a find that reads a keyset is explained as one (keyset.go)
	if !h.DisablePushdown && !params.Aggregate && !cInfo.Capped() && params.Skip == 0 {
		qp.Keyset = keysetFor(params.Filter, params.Sort, params.Limit)
	}

	res, err := coll.Explain(connCtx, qp)
	if err != nil {
		return nil, lazyerrors.Error(err)
`,
    why: "A find that reads a keyset is explained with the keyset's query (the same conditions as in msg_find.go).",
  },
];
