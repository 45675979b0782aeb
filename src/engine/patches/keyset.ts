import type { EnginePatch } from './patch';

/** Keyset pushdown: a page sorted by `_id` reads only its own documents, not all of its scope (the backend interface and the handler). */
export const KEYSET_PATCHES: readonly EnginePatch[] = [
  // Keyset pushdown: a page sorted by `_id` reads only its own documents, not all of its scope.
  {
    file: 'internal/backends/collection.go',
    from: `	Filter *types.Document
	Sort   *types.Document
	Limit  int64

	OnlyRecordIDs bool
	Comment       string
`,
    to: `	Filter *types.Document
	Sort   *types.Document
	Limit  int64
	Keyset *Keyset // youthcare-hub: see keyset.go

	OnlyRecordIDs bool
	Comment       string
`,
    why: 'The keyset request the handler hands a backend (keyset.go).',
  },
  {
    file: 'internal/backends/collection.go',
    from: `// QueryResult represents the results of Collection.Query method.
type QueryResult struct {
	Iter types.DocumentsIterator
}

// Query executes a query against the collection.
`,
    to: `// QueryResult represents the results of Collection.Query method.
type QueryResult struct {
	Iter types.DocumentsIterator
	// Keyset (youthcare-hub) is true when the backend applied QueryParams.Keyset.
	Keyset bool
}

// Query executes a query against the collection.
`,
    why: 'A backend says whether it applied the keyset; one that did not is read the released way.',
  },
  {
    file: 'internal/backends/postgresql/collection.go',
    from: `		return nil, lazyerrors.Error(err)
	}

	q += where

	sort, sortArgs := prepareOrderByClause(params.Sort)
`,
    to: `		return nil, lazyerrors.Error(err)
	}

	if params.Keyset != nil { // youthcare-hub: see query.go
		// the equalities the keyset reads through its index are not repeated as the released conditions
		var kp metadata.Placeholder
		if where, args, err = prepareWhereClause(&kp, backends.WithoutEqualities(params.Filter)); err != nil {
			return nil, lazyerrors.Error(err)
		}

		table := pgx.Identifier{c.dbName, meta.TableName}.Sanitize()
		q, args = prepareKeysetQuery(&kp, table, params.Comment, where, args, params.Filter, params.Keyset)
		where = ""
	}

	q += where

	sort, sortArgs := prepareOrderByClause(params.Sort)
`,
    why: 'The PostgreSQL backend adds the keyset chunk to its query (query.go).',
  },
  {
    file: 'internal/backends/postgresql/collection.go',
    from: `	}

	return &backends.QueryResult{
		Iter: newQueryIterator(ctx, rows, params.OnlyRecordIDs),
	}, nil
}

`,
    to: `	}

	return &backends.QueryResult{
		Iter:   newQueryIterator(ctx, rows, params.OnlyRecordIDs),
		Keyset: params.Keyset != nil,
	}, nil
}

`,
    why: 'The PostgreSQL backend reports that it applied the keyset.',
  },
  {
    file: 'internal/backends/postgresql/query.go',
    from: `
	"github.com/jackc/pgx/v5"

	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
`,
    to: `
	"github.com/jackc/pgx/v5"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
`,
    why: "query.go builds the keyset condition from the backends package's types.",
  },
  {
    file: 'internal/backends/postgresql/query.go',
    from: `	return filter, args, nil
}

// prepareOrderByClause returns ORDER BY clause with arguments for given sort document.
//
// The provided sort document should be already validated.
`,
    to: `	return filter, args, nil
}

// keysetID is the \`_id\` a keyset orders by: the string itself (or the ObjectID's hex digits)
// compared by its bytes (COLLATE "C"), as MongoDB compares strings, whatever the database's
// collation. The engine indexes it beside \`_id\` (metadata/registry.go).
const keysetID = \`(\` + metadata.DefaultColumn + \`->>'_id') COLLATE "C"\`

// prepareKeysetQuery (youthcare-hub) is the query for one keyset chunk: the documents the
// filter's pushdown of its other conditions (where, args: backends.WithoutEqualities) leaves whose \`_id\` has the keyset's type (from the document's
// schema) and bounds, in \`_id\` order, at most the chunk's limit. It has two parts. The documents
// whose top-level string and ObjectID equality fields hold the values themselves are read
// through an index on (field, \`_id\`) in its order, stopping at the limit; those whose fields
// hold arrays (which match by an element; there are few) are found through the range of
// arrays in the field's index: jsonb orders every array but the empty one (which matches no
// equality) after every scalar, of which true is the greatest, and before every object. The
// outer query merges the two in \`_id\` order.
func prepareKeysetQuery(p *metadata.Placeholder, table, comment, where string, args []any, filter *types.Document, ks *backends.Keyset) (string, []any) {
	if comment != "" {
		comment = strings.ReplaceAll(comment, "/*", "/ *")
		comment = strings.ReplaceAll(comment, "*/", "* /")
		comment = \`/* \` + comment + \` */\`
	}

	idType := "string"
	if ks.ObjectID {
		idType = "objectId"
	}

	order := ""
	if ks.Descending {
		order = " DESC"
	}

	var values, arrays []string
	var valueArgs []any

	for _, eq := range backends.Equalities(filter) {
		if eq.Key == "_id" {
			continue // the keyset's bounds hold the filter's _id
		}

		f := metadata.DefaultColumn + "->'" + eq.Key + "'"
		values = append(values, f+" = "+p.Next()+"::jsonb")
		valueArgs = append(valueArgs, string(must.NotFail(sjson.MarshalSingleValue(eq.Value))))
		arrays = append(arrays, "("+f+" > 'true'::jsonb AND "+f+" < '{}'::jsonb)")
	}

	part := func(extra []string, extraArgs []any, partArgs []any) (string, []any) {
		// the extra conditions' placeholders were numbered before this part's own
		conds := append(extra, metadata.DefaultColumn+"->'$s'->'p'->'_id'->>'t' = "+p.Next())
		partArgs = append(append(partArgs, extraArgs...), idType)

		for _, c := range ks.Conds {
			conds = append(conds, keysetID+" "+backends.KeysetOp(c.Op)+" "+p.Next())
			partArgs = append(partArgs, c.Value)
		}

		w := " WHERE "
		if where != "" {
			w = where + " AND "
		}

		q := fmt.Sprintf(
			\`(SELECT %s, %s AS _ferretdb_keyset FROM %s%s ORDER BY _ferretdb_keyset%s LIMIT %s)\`,
			metadata.DefaultColumn, keysetID, table, w+strings.Join(conds, " AND "), order, p.Next(),
		)

		return q, append(partArgs, ks.Limit)
	}

	// the filter's own arguments are numbered first; each part repeats them by number
	q, all := part(values, valueArgs, args)

	if len(arrays) > 0 {
		// an array matches an equality by holding the value: the released condition (@>), here only
		var held []string
		var heldArgs []any

		for _, eq := range backends.Equalities(filter) {
			if eq.Key == "_id" {
				continue
			}

			held = append(held, metadata.DefaultColumn+"->'"+eq.Key+"' @> "+p.Next()+"::jsonb")
			heldArgs = append(heldArgs, string(must.NotFail(sjson.MarshalSingleValue(eq.Value))))
		}

		q2, args2 := part(append(held, "("+strings.Join(arrays, " OR ")+")"), heldArgs, nil)
		q += " UNION ALL " + q2
		all = append(all, args2...)
	}

	q = fmt.Sprintf(\`SELECT %s %s FROM (%s) AS _ferretdb_chunk ORDER BY _ferretdb_keyset%s LIMIT %s\`, comment, metadata.DefaultColumn, q, order, p.Next())

	return q, append(all, ks.Limit)
}

// prepareOrderByClause returns ORDER BY clause with arguments for given sort document.
//
// The provided sort document should be already validated.
`,
    why: "The keyset chunk in SQL: the `_id`'s type from the document's schema and its bounds; the documents whose string equality fields hold the values themselves read in `_id` order (`->>'_id'` with `COLLATE \"C\"`: byte order, as MongoDB compares strings, whatever the database's collation) through an index on (field, `_id`) and stopped at the limit, merged with the few whose fields hold arrays.",
  },
];
