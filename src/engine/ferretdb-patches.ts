/**
 * The hub's changes to FerretDB v1.24.2, applied to a copy of the module source before
 * it is compiled (ferretdb-binary.ts). Each is small and checked against the released
 * text: a patch that does not apply stops the build.
 */

/** A change the hub makes to the FerretDB module source before it compiles it. */
export interface EnginePatch {
  /** File inside the module, relative to its root. */
  file: string;
  /** Exact text that must occur once in the released file; empty for a new file, which must not exist. */
  from: string;
  to: string;
  why: string;
}

/**
 * The hub's patches to FerretDB v1.24.2. Each is small, checked against the
 * released text (a mismatch stops the build) and keys the cached binary, so a
 * changed patch list builds a new engine.
 */
export const FERRETDB_PATCHES: readonly EnginePatch[] = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: 'IDColumn = DefaultColumn + "->\'$._id\'"',
    to: 'IDColumn = DefaultColumn + "->\'_id\'"',
    why:
      'SQLite matches index expressions by their text: the `_id_` index is built on `_ferretdb_sjson->"_id"` ' +
      "(registry.go indexesCreate) while lookups, updates and deletes by `_id` filtered on `->'$._id'`, so each " +
      "of them scanned the table. `->'_id'` is the same value in the form the index matches.",
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: [
      '\tif params.Filter.Len() == 1 {\n',
      '\t\tv, _ := params.Filter.Get("_id")\n',
      '\t\tswitch v.(type) {\n',
      '\t\tcase string, types.ObjectID:\n',
      '\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)\n',
      '\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}\n',
      '\t\t}\n',
      '\t}\n',
    ].join(''),
    to: '\twhereClause, args = prepareWhereClause(params.Filter) // youthcare-hub: see query.go\n',
    why:
      'Queries pushed down only an exact `{_id}` filter; every other filter made SQLite hand each document of the ' +
      'table to Go. Now the top-level string and ObjectId equalities of a filter are pushed down (query.go).',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: [
      '\tif params.Filter.Len() == 1 {\n',
      '\t\tv, _ := params.Filter.Get("_id")\n',
      '\t\tswitch v.(type) {\n',
      '\t\tcase string, types.ObjectID:\n',
      '\t\t\tfilterPushdown = true\n',
      '\t\t\twhereClause = fmt.Sprintf(` WHERE %s = ?`, metadata.IDColumn)\n',
      '\t\t\targs = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}\n',
      '\t\t}\n',
      '\t}\n',
    ].join(''),
    to: '\twhereClause, args = prepareWhereClause(params.Filter) // youthcare-hub: see query.go\n\tfilterPushdown = whereClause != ""\n',
    why: '`explain` reports the same pushdown the query makes.',
  },
  {
    file: 'internal/backends/sqlite/query.go',
    from: '\t"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"\n',
    to: '\t"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"\n\t"github.com/FerretDB/FerretDB/internal/handler/sjson"\n',
    why: 'query.go encodes the pushed-down values the way documents are stored.',
  },
  {
    file: 'internal/backends/sqlite/query.go',
    from: '// prepareOrderByClause returns ORDER BY clause for given sort document.\n',
    to: `// pushedEquality (youthcare-hub) is a top-level equality of a filter that SQLite checks:
// a plain field name and the JSON text of a string or ObjectID value, as documents store it.
type pushedEquality struct {
	key string
	arg string
}

// pushedEqualities returns a filter's top-level equalities on strings and ObjectIDs
// (backends.Equalities), each with its value's JSON text.
func pushedEqualities(filter *types.Document) []pushedEquality {
	var eqs []pushedEquality

	for _, eq := range backends.Equalities(filter) {
		eqs = append(eqs, pushedEquality{key: eq.Key, arg: string(must.NotFail(sjson.MarshalSingleValue(eq.Value)))})
	}

	return eqs
}

// fieldExpr is the expression FerretDB builds its indexes on for a top-level field.
func fieldExpr(k string) string {
	return fmt.Sprintf(\`%s->"%s"\`, metadata.DefaultColumn, k)
}

// arrayRange holds the documents whose field is an array: the JSON texts that start with '['.
func arrayRange(k string) string {
	return fmt.Sprintf(\`(%[1]s >= '[' AND %[1]s < '\\')\`, fieldExpr(k))
}

// prepareWhereClause (youthcare-hub) pushes down the top-level equalities of a filter
// (pushedEqualities), written as \`_ferretdb_sjson->"f"\`: the expression FerretDB builds its
// indexes on, so SQLite serves them from an index on \`f\`. The handler still filters every
// returned document, so this may return more, never fewer: a field holding an array (which
// matches by its elements) is kept through arrayRange.
func prepareWhereClause(filter *types.Document) (string, []any) {
	var conds []string
	var args []any

	for _, eq := range pushedEqualities(filter) {
		if eq.key == "_id" {
			conds = append(conds, metadata.IDColumn+" = ?")
		} else {
			conds = append(conds, "("+fieldExpr(eq.key)+" = ? OR "+arrayRange(eq.key)+")")
		}

		args = append(args, eq.arg)
	}

	if len(conds) == 0 {
		return "", nil
	}

	return " WHERE " + strings.Join(conds, " AND "), args
}

// keysetID is the \`_id\` a keyset orders by: the string itself (or the ObjectID's hex digits),
// which SQLite compares by its bytes, as MongoDB compares strings. The engine indexes it
// beside \`_id\` (metadata/registry.go).
const keysetID = metadata.DefaultColumn + "->>'_id'"

// prepareKeysetQuery (youthcare-hub) is the query for one keyset chunk: the documents whose
// \`_id\` has the keyset's type (from the document's schema) and bounds, in \`_id\` order, at most
// the chunk's limit. It has two parts. The documents whose pushed-down fields hold the values
// themselves are read through an index on (field, \`_id\`) in its order, stopping at the limit;
// those whose pushed-down fields hold arrays (which match by an element; there are few) are
// found through the '['-range of the same index. The outer query merges the two in \`_id\` order.
func prepareKeysetQuery(table, comment string, filter *types.Document, ks *backends.Keyset) (string, []any) {
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

	bounds := []string{metadata.DefaultColumn + \`->>'$."$s".p._id.t' = ?\`}
	boundArgs := []any{idType}

	for _, c := range ks.Conds {
		bounds = append(bounds, keysetID+" "+backends.KeysetOp(c.Op)+" ?")
		boundArgs = append(boundArgs, c.Value)
	}

	part := func(conds []string, args []any) (string, []any) {
		q := fmt.Sprintf(
			\`SELECT * FROM (SELECT %s, %s AS _ferretdb_keyset FROM %q WHERE %s ORDER BY _ferretdb_keyset%s LIMIT ?)\`,
			metadata.DefaultColumn, keysetID, table, strings.Join(append(conds, bounds...), " AND "), order,
		)

		return q, append(append(args, boundArgs...), ks.Limit)
	}

	var values, arrays, anyArray []string
	var valueArgs, arrayArgs []any

	for _, eq := range pushedEqualities(filter) {
		if eq.key == "_id" {
			continue // the keyset's bounds hold the filter's _id
		}

		values = append(values, fieldExpr(eq.key)+" = ?")
		valueArgs = append(valueArgs, eq.arg)
		arrays = append(arrays, "("+fieldExpr(eq.key)+" = ? OR "+arrayRange(eq.key)+")")
		arrayArgs = append(arrayArgs, eq.arg)
		anyArray = append(anyArray, arrayRange(eq.key))
	}

	q, args := part(values, valueArgs)

	if len(anyArray) > 0 {
		q2, args2 := part(append(arrays, "("+strings.Join(anyArray, " OR ")+")"), arrayArgs)
		q += " UNION ALL " + q2
		args = append(args, args2...)
	}

	q = fmt.Sprintf(\`SELECT %s %s FROM (%s) ORDER BY _ferretdb_keyset%s LIMIT ?\`, comment, metadata.DefaultColumn, q, order)

	return q, append(args, ks.Limit)
}

// prepareOrderByClause returns ORDER BY clause for given sort document.
`,
    why:
      'The pushdown itself (see collection.go): the top-level string and ObjectId equalities, compared as the JSON ' +
      'text documents store (as FerretDB already did for `_id`), each kept with the `[`-range of array values; and ' +
      'the keyset chunk: the documents whose fields hold the values themselves in `_id` order through an index on ' +
      "(field, `->>'_id'`) stopped at the limit, merged with the few whose fields hold arrays.",
  },
  {
    file: 'internal/backends/postgresql/metadata/registry.go',
    from: '\t\tcreated = append(created, index.Name)\n',
    to: [
      '\t\tcreated = append(created, index.Name)\n',
      '\n',
      "\t\t// youthcare-hub: equality filters are pushed down as `_jsonb->'field' @> value`, which the\n",
      '\t\t// btree index above cannot serve; a GIN index per top-level indexed field can.\n',
      '\t\tfor _, key := range index.Key {\n',
      '\t\t\tif strings.Contains(key.Field, ".") {\n',
      '\t\t\t\tcontinue\n',
      '\t\t\t}\n',
      '\t\t\tgh := fnv.New32a()\n',
      '\t\t\tmust.NotFail(gh.Write([]byte(key.Field)))\n',
      '\t\t\tgq := fmt.Sprintf(\n',
      '\t\t\t\t"CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((%s->%s) jsonb_path_ops) WITH (fastupdate = off)",\n',
      '\t\t\t\tpgx.Identifier{fmt.Sprintf("%s_%08x_gin", tableNamePart, gh.Sum32())}.Sanitize(),\n',
      '\t\t\t\tpgx.Identifier{dbName, c.TableName}.Sanitize(),\n',
      '\t\t\t\tDefaultColumn,\n',
      '\t\t\t\tquoteString(key.Field),\n',
      '\t\t\t)\n',
      '\t\t\tif _, err = p.Exec(ctx, gq); err != nil {\n',
      '\t\t\t\t_ = r.indexesDrop(ctx, p, dbName, collectionName, created)\n',
      '\t\t\t\treturn lazyerrors.Error(err)\n',
      '\t\t\t}\n',
      '\t\t}\n',
    ].join(''),
    why:
      "The PostgreSQL backend pushes each top-level equality down as `_jsonb->'field' @> value`; its own btree " +
      "indexes on `(_jsonb->'field')` cannot serve `@>`, so reads scanned. Beside each index it creates, the engine " +
      'now creates a GIN `jsonb_path_ops` index per top-level field (once per table and field; dropped with the table), ' +
      'without a pending list (`fastupdate = off`): with one, every lookup also scans the entries not yet merged, which ' +
      'after the bulk load of 430,000 allocations cost a decision or an extension request 46 ms and the daily sweep 15 s.',
  },
  {
    file: 'internal/util/resource/resource.go',
    from: 'func Track(obj any, token *Token) {\n\tcheckArgs(obj, token)\n',
    to: "func Track(obj any, token *Token) {\n\tif !debugbuild.Enabled { // youthcare-hub: see the patch's reason\n\t\treturn\n\t}\n\n\tcheckArgs(obj, token)\n",
    why:
      'FerretDB tracks the lifetime of every document and array iterator it creates (one per document read, and ' +
      'per nested document) in a pprof profile: a stack capture, a reflection check and a finalizer each, about a ' +
      "tenth of the CPU of a read in a profile of the hub's list queries. The tracking exists to catch leaks in " +
      "FerretDB's own debug builds and tests; in a release build its finalizer can only panic the engine.",
  },
  {
    file: 'internal/util/resource/resource.go',
    from: 'func Untrack(obj any, token *Token) {\n\tcheckArgs(obj, token)\n',
    to: 'func Untrack(obj any, token *Token) {\n\tif !debugbuild.Enabled { // youthcare-hub: nothing was tracked (Track)\n\t\treturn\n\t}\n\n\tcheckArgs(obj, token)\n',
    why: 'Untrack pairs with Track: with nothing tracked there is nothing to remove.',
  },
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
		table := pgx.Identifier{c.dbName, meta.TableName}.Sanitize()
		q, args = prepareKeysetQuery(&placeholder, table, params.Comment, where, args, params.Filter, params.Keyset)
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
// filter's pushdown (where, args) leaves whose \`_id\` has the keyset's type (from the document's
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
		q2, args2 := part([]string{"(" + strings.Join(arrays, " OR ") + ")"}, nil, nil)
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
  {
    file: 'internal/backends/sqlite/collection.go',
    from: `	// TODO https://github.com/FerretDB/FerretDB/issues/3235
	whereClause, args = prepareWhereClause(params.Filter) // youthcare-hub: see query.go

	q += whereClause
	q += prepareOrderByClause(params.Sort)

`,
    to: `	// TODO https://github.com/FerretDB/FerretDB/issues/3235
	whereClause, args = prepareWhereClause(params.Filter) // youthcare-hub: see query.go

	if params.Keyset != nil { // youthcare-hub: see query.go
		q, args = prepareKeysetQuery(meta.TableName, params.Comment, params.Filter, params.Keyset)
		whereClause = ""
	}

	q += whereClause
	q += prepareOrderByClause(params.Sort)

`,
    why: 'The SQLite backend reads a keyset chunk with its own query (query.go).',
  },
  {
    file: 'internal/backends/sqlite/collection.go',
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
    why: 'The SQLite backend reports that it applied the keyset.',
  },
  {
    file: 'internal/backends/sqlite/query.go',
    from: `	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
`,
    to: `	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
`,
    why: "query.go builds the keyset condition from the backends package's types.",
  },
  {
    file: 'internal/handler/msg_find.go',
    from: `	// closer accumulates all things that should be closed / canceled.
	closer := iterator.NewMultiCloser(iterator.CloserFunc(cancel))

	iter, err := h.makeFindIter(queryRes.Iter, closer, params)
	if err != nil {
		return nil, handleMaxTimeMSError(err, params.MaxTimeMS, "find")
	}
`,
    to: `	// closer accumulates all things that should be closed / canceled.
	closer := iterator.NewMultiCloser(iterator.CloserFunc(cancel))

	iterParams := params

	if queryRes.Keyset {
		// youthcare-hub: the backend returns the documents in \`_id\` order, a chunk at a time (keyset.go)
		queryRes.Iter = newKeysetIterator(ctx, coll, qp, queryRes.Iter)
		inOrder := *params
		inOrder.Sort = nil
		iterParams = &inOrder
	}

	iter, err := h.makeFindIter(queryRes.Iter, closer, iterParams)
	if err != nil {
		return nil, handleMaxTimeMSError(err, params.MaxTimeMS, "find")
	}
`,
    why: 'A find sorted by `_id` with a bound on `_id` asks for a keyset (keyset.go): never for a capped collection, a skip, or with pushdown disabled.',
  },
  {
    file: 'internal/handler/msg_find.go',
    from: `		qp.Limit = params.Limit
	}

	h.L.DebugContext(ctx, fmt.Sprintf("Converted %+v for %+v to %+v.", params, cInfo, qp))

	return qp, nil
`,
    to: `		qp.Limit = params.Limit
	}

	// youthcare-hub: keyset pushdown (keyset.go)
	if !h.DisablePushdown && !cInfo.Capped() && params.Skip == 0 {
		qp.Keyset = keysetFor(params.Filter, params.Sort, params.Limit)
	}

	h.L.DebugContext(ctx, fmt.Sprintf("Converted %+v for %+v to %+v.", params, cInfo, qp))

	return qp, nil
`,
    why: 'A find whose backend applied the keyset reads it chunk by chunk (keyset.go) and is not sorted again in Go: the chunks come in `_id` order, and sorting would read them all.',
  },
  {
    file: 'internal/backends/keyset.go',
    from: '',
    to: `package backends

import (
	"strings"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// Keyset (youthcare-hub) asks a backend for one chunk of a query in \`_id\` order: the
// documents whose \`_id\` is a string (or, with ObjectID, an ObjectID) and satisfies
// Conds, ordered by \`_id\`, at most Limit of them, besides what Filter narrows.
// A backend that applies it says so in QueryResult.Keyset; one that does not
// ignores it, and the handler sorts in Go as it always did.
//
// Among values of one type the order is MongoDB's: strings by their UTF-8 bytes,
// ObjectIDs by their bytes (their lowercase hex digits sort the same way).
type Keyset struct {
	ObjectID   bool
	Descending bool
	Conds      []KeysetCond
	Limit      int64
}

// KeysetCond is one bound on \`_id\`: Op is one of =, >, >=, <, <=; Value is the
// string, or the ObjectID in lowercase hex.
type KeysetCond struct {
	Op    string
	Value string
}

// KeysetOp returns the SQL operator for a condition, panicking on any other text,
// so that nothing but these five operators can reach a query.
func KeysetOp(op string) string {
	switch op {
	case "=", ">", ">=", "<", "<=":
		return op
	default:
		panic("keyset: unexpected operator " + op)
	}
}

// Equality (youthcare-hub) is a top-level equality of a filter on a string or an ObjectID
// (\`{f: v}\` or \`{f: {$eq: v}}\`) of a field named by a plain identifier: what the hub's
// backends push down, and what a keyset walks an index of.
type Equality struct {
	Key   string
	Value any
}

// Equalities returns a filter's top-level equalities on strings and ObjectIDs, in order.
// Field names other than plain identifiers (and FerretDB's own) are left out.
func Equalities(filter *types.Document) []Equality {
	if filter == nil {
		return nil
	}

	var eqs []Equality

	for _, k := range filter.Keys() {
		if !plainKey(k) {
			continue
		}

		v := must.NotFail(filter.Get(k))
		if d, ok := v.(*types.Document); ok {
			eq, err := d.Get("$eq")
			if d.Len() != 1 || err != nil {
				continue
			}
			v = eq
		}

		switch v.(type) {
		case string, types.ObjectID:
			eqs = append(eqs, Equality{Key: k, Value: v})
		}
	}

	return eqs
}

// plainKey is true for a plain identifier that is not one of FerretDB's own names.
func plainKey(k string) bool {
	if k == "" || strings.HasPrefix(k, "_ferretdb_") {
		return false
	}

	for i, r := range k {
		switch {
		case r == '_', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		case i > 0 && r >= '0' && r <= '9':
		default:
			return false
		}
	}

	return true
}
`,
    why: 'The keyset request itself: a chunk of a query in `_id` order, of one `_id` type, within bounds; and the top-level string and ObjectId equalities of a filter, which both backends push down (one definition for the two).',
  },
  {
    file: 'internal/handler/keyset.go',
    from: '',
    to: `package handler

// youthcare-hub: keyset pushdown. A find sorted by \`_id\` with a bound on \`_id\` asks the
// backend for its documents in \`_id\` order, a chunk at a time, instead of reading every
// document the filter's pushdown leaves and sorting them all in Go; the handler still
// filters each one, and stops reading when the limit is reached.

import (
	"context"
	"encoding/hex"
	"errors"
	"sync"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/iterator"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// keysetMaxChunk is the largest chunk asked for; chunks grow from the limit towards it
// while the handler's filter rejects what the backend returns.
const keysetMaxChunk = 1000

// keysetFor returns the keyset for a find, or nil when it does not apply. It applies when
// the sort is exactly {_id: 1} or {_id: -1} and the filter has a top-level \`_id\` that is a
// string or an ObjectID, or an operator document of $eq, $gt, $gte, $lt and $lte whose
// values are all strings or all ObjectIDs. MongoDB compares values of one type only, so every
// matching document has an \`_id\` of that type: the chunks hold all of them, in order.
func keysetFor(filter, sort *types.Document, limit int64) *backends.Keyset {
	if filter == nil || sort.Len() != 1 || sort.Keys()[0] != "_id" {
		return nil
	}

	ks := new(backends.Keyset)

	switch must.NotFail(sort.Get("_id")) {
	case int64(1):
	case int64(-1):
		ks.Descending = true
	default:
		return nil
	}

	v, err := filter.Get("_id")
	if err != nil {
		return nil
	}

	ops := map[string]string{"$eq": "=", "$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}
	var conds []*types.Document

	if d, ok := v.(*types.Document); ok {
		if d.Len() == 0 {
			return nil
		}

		conds = append(conds, d)
	} else {
		conds = append(conds, must.NotFail(types.NewDocument("$eq", v)))
	}

	kinds := 0

	for _, d := range conds {
		for _, k := range d.Keys() {
			op, ok := ops[k]
			if !ok {
				return nil
			}

			var value string

			switch v := must.NotFail(d.Get(k)).(type) {
			case string:
				kinds |= 1
				value = v
			case types.ObjectID:
				kinds |= 2
				ks.ObjectID = true
				value = hex.EncodeToString(v[:])
			default:
				return nil
			}

			ks.Conds = append(ks.Conds, backends.KeysetCond{Op: op, Value: value})
		}
	}

	if kinds != 1 && kinds != 2 {
		return nil
	}

	ks.Limit = keysetMaxChunk
	if limit > 0 && limit < keysetMaxChunk {
		ks.Limit = limit
	}

	return ks
}

// keysetIterator reads a keyset query chunk after chunk: when a chunk comes back full, it
// asks for the next one after the chunk's last \`_id\`.
type keysetIterator struct {
	m    sync.Mutex
	ctx  context.Context
	coll backends.Collection
	qp   backends.QueryParams
	base []backends.KeysetCond
	cur  types.DocumentsIterator
	n    int64
	last string
	done bool
}

// newKeysetIterator wraps the first chunk's iterator.
func newKeysetIterator(ctx context.Context, coll backends.Collection, qp *backends.QueryParams, first types.DocumentsIterator) types.DocumentsIterator { //nolint:lll // for readability
	return &keysetIterator{
		ctx:  ctx,
		coll: coll,
		qp:   *qp,
		base: qp.Keyset.Conds,
		cur:  first,
	}
}

// Next implements iterator.Interface.
func (it *keysetIterator) Next() (struct{}, *types.Document, error) {
	it.m.Lock()
	defer it.m.Unlock()

	var unused struct{}

	for {
		if it.done {
			return unused, nil, iterator.ErrIteratorDone
		}

		_, doc, err := it.cur.Next()
		if err == nil {
			it.n++

			switch id := must.NotFail(doc.Get("_id")).(type) {
			case string:
				it.last = id
			case types.ObjectID:
				it.last = hex.EncodeToString(id[:])
			default:
				return unused, nil, lazyerrors.Errorf("keyset: unexpected _id type %T", id)
			}

			return unused, doc, nil
		}

		if !errors.Is(err, iterator.ErrIteratorDone) {
			return unused, nil, lazyerrors.Error(err)
		}

		it.cur.Close()

		if it.n < it.qp.Keyset.Limit {
			it.done = true
			continue
		}

		next := *it.qp.Keyset
		op := ">"
		if next.Descending {
			op = "<"
		}

		next.Conds = append(append([]backends.KeysetCond(nil), it.base...), backends.KeysetCond{Op: op, Value: it.last})
		next.Limit = min(next.Limit*2, keysetMaxChunk)
		it.qp.Keyset = &next

		res, err := it.coll.Query(it.ctx, &it.qp)
		if err != nil {
			it.done = true
			return unused, nil, lazyerrors.Error(err)
		}

		if !res.Keyset {
			res.Iter.Close()
			it.done = true
			return unused, nil, lazyerrors.New("keyset: the backend stopped applying the keyset")
		}

		it.cur = res.Iter
		it.n = 0
	}
}

// Close implements iterator.Interface.
func (it *keysetIterator) Close() {
	it.m.Lock()
	defer it.m.Unlock()

	it.done = true
	it.cur.Close()
}

// check interfaces
var (
	_ types.DocumentsIterator = (*keysetIterator)(nil)
)
`,
    why: 'When a find qualifies for a keyset (sort exactly `{_id: ±1}`, a top-level `_id` bound on strings or on ObjectIDs: MongoDB compares one type only, so every match has an `_id` of that type), and the iterator that reads the chunks, asking for the next one after the last `_id` while a chunk comes back full.',
  },
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
  // One-pass decoding of stored documents.
  {
    file: 'internal/handler/sjson/sjson.go',
    from: `func Unmarshal(data []byte) (*types.Document, error) {
`,
    to: `func Unmarshal(data []byte) (*types.Document, error) {
	return unmarshalFast(data) // youthcare-hub: see fast.go
}

// unmarshalReleased is the released Unmarshal, kept for comparison.
func unmarshalReleased(data []byte) (*types.Document, error) {
`,
    why: "Every document read from either backend goes through sjson.Unmarshal, which decoded each level of a document again from its raw text and every scalar with a decoder of its own: about half of the engine's CPU in a profile of the hub's list queries. It now calls the one-pass decoder (fast.go); the released one stays, for the comparison tests.",
  },
  {
    file: 'internal/handler/sjson/fast.go',
    from: '',
    to: `package sjson

// youthcare-hub: a one-pass Unmarshal. The released one decodes each level of a document
// again from its raw text (a document nested three deep is scanned four times) and every
// scalar with a decoder of its own; this one parses the text once, schema included, and
// builds the values from the schema. Same values, same checks.

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// unmarshalFast is Unmarshal in one pass over the text.
func unmarshalFast(data []byte) (*types.Document, error) {
	return UnmarshalDropping(data, nil)
}

// UnmarshalDropping is Unmarshal without the top-level fields drop names (never _id):
// their values are stepped over, not built. A query's backend uses it for the fields
// no step of the query reads (see backends.Fields).
func UnmarshalDropping(data []byte, drop func(key string) bool) (*types.Document, error) {
	p := &jsonParser{data: data, schemas: true, drop: drop}

	parsed, err := p.value(0)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	if p.pos != len(data) { // as the released checkConsumed: not even trailing space
		return nil, lazyerrors.Errorf("%d bytes remains in the decoder: %s", len(data)-p.pos, data[p.pos:])
	}

	v, ok := parsed.(map[string]any)
	if !ok {
		return nil, lazyerrors.Errorf("json: cannot unmarshal %s into Go value of type map[string]json.RawMessage", jsonKind(parsed))
	}

	jsch, ok := v["$s"]
	if !ok {
		return nil, lazyerrors.Errorf("schema is not set")
	}

	sch, ok := jsch.(*schema) // the document's own schema, parsed (or found in the cache) by the parser
	if !ok {
		if sch, err = genericSchema(jsch); err != nil {
			return nil, lazyerrors.Error(err)
		}
	}

	delete(v, "$s")

	if len(sch.Keys) != len(v) {
		return nil, lazyerrors.Errorf(
			"sjson.Unmarshal: the data must have the same number of schema keys and document fields (keys: %d, fields: %d)",
			len(sch.Keys), len(v),
		)
	}

	return genericDocument(v, sch)
}

// genericDocument builds a document from its parsed fields and schema.
func genericDocument(m map[string]any, sch *schema) (*types.Document, error) {
	d := must.NotFail(types.NewDocument())

	if len(m) == 0 {
		return d, nil
	}

	if sch == nil {
		return nil, lazyerrors.Errorf("document schema is nil for non-empty document")
	}

	if len(sch.Keys) != len(m) {
		return nil, lazyerrors.Errorf("sjson.documentType.UnmarshalJSON: %d elements in $k in the schema, %d in the document",
			len(sch.Keys), len(m),
		)
	}

	for _, key := range sch.Keys {
		raw, ok := m[key]
		if !ok {
			return nil, lazyerrors.Errorf("sjson.Unmarshal: missing key %q", key)
		}

		if raw == droppedValue {
			continue
		}

		v, err := genericValue(raw, sch.Properties[key])
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		d.Set(key, v)
	}

	return d, nil
}

// genericValue builds one value from its parsed form and schema element.
func genericValue(raw any, sch *elem) (any, error) {
	if raw == nil {
		return types.Null, nil
	}

	if sch == nil {
		return nil, lazyerrors.Errorf("schema is not set")
	}

	switch sch.Type {
	case elemTypeObject:
		if sch.Schema == nil {
			return nil, lazyerrors.Errorf("sjson.unmarshalSingleValue: schema is not set")
		}

		m, ok := raw.(map[string]any)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected an object, got %T", raw)
		}

		return genericDocument(m, sch.Schema)

	case elemTypeArray:
		if sch.Items == nil {
			return nil, lazyerrors.Errorf("sjson.unmarshalSingleValue: schema's items are not set")
		}

		items, ok := raw.([]any)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected an array, got %T", raw)
		}

		if len(sch.Items) != len(items) {
			return nil, lazyerrors.Errorf("sjson.arrayType.UnmarshalJSON: %d elements in schema, %d in total",
				len(sch.Items), len(items),
			)
		}

		a := types.MakeArray(len(items))

		for i, item := range items {
			v, err := genericValue(item, sch.Items[i])
			if err != nil {
				return nil, lazyerrors.Error(err)
			}

			a.Append(v)
		}

		return a, nil

	case elemTypeDouble:
		n, err := genericNumber(raw)
		if err != nil {
			return nil, err
		}

		f, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return f, nil

	case elemTypeString:
		s, ok := raw.(string)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected a string, got %T", raw)
		}

		return s, nil

	case elemTypeBinData:
		s, ok := raw.(string)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected base64 text, got %T", raw)
		}

		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		if sch.Subtype == nil {
			return nil, lazyerrors.Errorf("binary subtype in the schema is nil")
		}

		return types.Binary{B: b, Subtype: *sch.Subtype}, nil

	case elemTypeObjectID:
		s, ok := raw.(string)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected hex text, got %T", raw)
		}

		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		if len(b) != types.ObjectIDLen {
			return nil, lazyerrors.Errorf("sjson.objectIDType.UnmarshalJSON: %d bytes", len(b))
		}

		var o types.ObjectID
		copy(o[:], b)

		return o, nil

	case elemTypeBool:
		b, ok := raw.(bool)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected a boolean, got %T", raw)
		}

		return b, nil

	case elemTypeDate:
		n, err := genericNumber(raw)
		if err != nil {
			return nil, err
		}

		ms, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return time.UnixMilli(ms), nil

	case elemTypeNull:
		return nil, lazyerrors.Errorf("sjson.unmarshalSingleValue: expected null, got %v", raw)

	case elemTypeRegex:
		s, ok := raw.(string)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected a pattern, got %T", raw)
		}

		if sch.Options == nil {
			return nil, lazyerrors.Errorf("regex options is nil")
		}

		return types.Regex{Pattern: s, Options: *sch.Options}, nil

	case elemTypeInt:
		n, err := genericNumber(raw)
		if err != nil {
			return nil, err
		}

		i, err := strconv.ParseInt(n, 10, 32)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return int32(i), nil

	case elemTypeTimestamp:
		n, err := genericNumber(raw)
		if err != nil {
			return nil, err
		}

		u, err := strconv.ParseUint(n, 10, 64)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return types.Timestamp(u), nil

	case elemTypeLong:
		n, err := genericNumber(raw)
		if err != nil {
			return nil, err
		}

		i, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return i, nil

	default:
		return nil, lazyerrors.Errorf("sjson.unmarshalSingleValue: unhandled type %q", sch.Type)
	}
}

// genericNumber returns the text of a parsed JSON number.
func genericNumber(raw any) (string, error) {
	n, ok := raw.(json.Number)
	if !ok {
		return "", lazyerrors.Errorf("sjson: expected a number, got %T", raw)
	}

	return string(n), nil
}

// genericSchema builds a document schema from its parsed form, refusing unknown fields.
func genericSchema(raw any) (*schema, error) {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, lazyerrors.Errorf("sjson: schema is %T, not an object", raw)
	}

	sch := new(schema)

	for k, v := range m {
		switch k {
		case "p":
			if v == nil {
				continue
			}

			props, ok := v.(map[string]any)
			if !ok {
				return nil, lazyerrors.Errorf("sjson: schema properties are %T", v)
			}

			sch.Properties = make(map[string]*elem, len(props))

			for name, p := range props {
				e, err := genericElem(p)
				if err != nil {
					return nil, err
				}

				sch.Properties[name] = e
			}

		case "$k":
			if v == nil {
				continue
			}

			keys, ok := v.([]any)
			if !ok {
				return nil, lazyerrors.Errorf("sjson: schema keys are %T", v)
			}

			sch.Keys = make([]string, len(keys))

			for i, key := range keys {
				s, ok := key.(string)
				if !ok {
					return nil, lazyerrors.Errorf("sjson: schema key is %T", key)
				}

				sch.Keys[i] = s
			}

		default:
			return nil, lazyerrors.Errorf("json: unknown field %q", k)
		}
	}

	return sch, nil
}

// genericElem builds a schema element from its parsed form, refusing unknown fields.
func genericElem(raw any) (*elem, error) {
	if raw == nil {
		return nil, nil
	}

	m, ok := raw.(map[string]any)
	if !ok {
		return nil, lazyerrors.Errorf("sjson: schema element is %T, not an object", raw)
	}

	e := new(elem)

	for k, v := range m {
		switch k {
		case "t":
			s, ok := v.(string)
			if !ok {
				return nil, lazyerrors.Errorf("sjson: schema type is %T", v)
			}

			e.Type = elemType(s)

		case "$s":
			if v == nil {
				continue
			}

			s, err := genericSchema(v)
			if err != nil {
				return nil, err
			}

			e.Schema = s

		case "o":
			if v == nil {
				continue
			}

			s, ok := v.(string)
			if !ok {
				return nil, lazyerrors.Errorf("sjson: regex options are %T", v)
			}

			e.Options = &s

		case "i":
			if v == nil {
				continue
			}

			items, ok := v.([]any)
			if !ok {
				return nil, lazyerrors.Errorf("sjson: schema items are %T", v)
			}

			e.Items = make([]*elem, len(items))

			for i, item := range items {
				ie, err := genericElem(item)
				if err != nil {
					return nil, err
				}

				e.Items[i] = ie
			}

		case "s":
			if v == nil {
				continue
			}

			n, err := genericNumber(v)
			if err != nil {
				return nil, err
			}

			u, err := strconv.ParseUint(n, 10, 8)
			if err != nil {
				return nil, lazyerrors.Error(err)
			}

			st := types.BinarySubtype(u)
			e.Subtype = &st

		default:
			return nil, lazyerrors.Errorf("json: unknown field %q", k)
		}
	}

	return e, nil
}

// jsonParser parses JSON text into the values encoding/json gives with UseNumber
// (map[string]any, []any, string, json.Number, bool, nil), in one pass. Strings with
// escapes or invalid UTF-8 are handed to encoding/json, so their values are its values.
type jsonParser struct {
	data []byte
	pos  int
	// schemas: the top-level "$s" is returned as a *schema, from the cache when its text is known
	schemas bool
	// drop: top-level fields whose values are stepped over (droppedValue)
	drop func(key string) bool
}

// dropped marks a top-level value that was stepped over (UnmarshalDropping).
type dropped struct{}

var droppedValue any = &dropped{}

// dropValue steps over the value at pos: an object or array without building it, a
// scalar parsed as usual (it costs no more).
func (p *jsonParser) dropValue(depth int) (any, error) {
	p.space()

	if p.pos < len(p.data) && (p.data[p.pos] == '{' || p.data[p.pos] == '[') {
		if end, ok := p.skip(); ok {
			p.pos = end
			return droppedValue, nil
		}
	}

	if _, err := p.value(depth); err != nil {
		return nil, err
	}

	return droppedValue, nil
}

// schemaCache maps the text of a document's "$s" to its schema: documents of one
// collection share few shapes. Schemas are never changed once built.
var schemaCache = struct {
	sync.Mutex
	m map[string]*schema
}{m: make(map[string]*schema)}

// schemaCacheSize bounds the cache (a few KB a schema; the demo data's 3,000 allocations
// have 460 shapes); it starts over when full.
const schemaCacheSize = 4096

// topSchema reads the value of a top-level "$s": a known text from the cache, else parsed.
func (p *jsonParser) topSchema(depth int) (any, error) {
	p.space()
	start := p.pos

	if end, ok := p.skip(); ok {
		schemaCache.Lock()
		sch := schemaCache.m[string(p.data[start:end])]
		schemaCache.Unlock()

		if sch != nil {
			p.pos = end
			return sch, nil
		}
	}

	p.pos = start

	v, err := p.value(depth)
	if err != nil {
		return nil, err
	}

	sch, err := genericSchema(v)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	schemaCache.Lock()
	if len(schemaCache.m) >= schemaCacheSize {
		schemaCache.m = make(map[string]*schema)
	}
	schemaCache.m[string(p.data[start:p.pos])] = sch
	schemaCache.Unlock()

	return sch, nil
}

// skip finds the end of the object at pos without building it (false when it does not
// end): the bytes up to there are looked up in the cache, which holds valid texts only.
func (p *jsonParser) skip() (int, bool) {
	depth := 0

	for i := p.pos; i < len(p.data); i++ {
		switch p.data[i] {
		case '"':
			for i++; i < len(p.data) && p.data[i] != '"'; i++ {
				if p.data[i] == '\\\\' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}

		if depth == 0 {
			return 0, false // not an object
		}
	}

	return 0, false
}

// jsonMaxDepth is encoding/json's nesting limit.
const jsonMaxDepth = 10000

var errJSONSyntax = errors.New("sjson: invalid JSON")

func (p *jsonParser) syntax(what string) error {
	return lazyerrors.Errorf("%w: %s at offset %d", errJSONSyntax, what, p.pos)
}

func (p *jsonParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\\t', '\\n', '\\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (any, error) {
	if depth > jsonMaxDepth {
		return nil, p.syntax("exceeded max depth")
	}

	p.space()

	if p.pos >= len(p.data) {
		return nil, p.syntax("unexpected end")
	}

	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.string()
	case c == 't':
		return p.literal("true", true)
	case c == 'f':
		return p.literal("false", false)
	case c == 'n':
		return p.literal("null", nil)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		return nil, p.syntax("invalid character")
	}
}

func (p *jsonParser) literal(text string, v any) (any, error) {
	if len(p.data)-p.pos < len(text) || string(p.data[p.pos:p.pos+len(text)]) != text {
		return nil, p.syntax("invalid literal")
	}

	p.pos += len(text)

	return v, nil
}

func (p *jsonParser) object(depth int) (any, error) {
	p.pos++ // {
	m := make(map[string]any)

	p.space()

	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return m, nil
	}

	for {
		p.space()

		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.syntax("expected a key")
		}

		k, err := p.string()
		if err != nil {
			return nil, err
		}

		p.space()

		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.syntax("expected ':'")
		}

		p.pos++

		var v any
		if depth == 0 && p.schemas && k.(string) == "$s" {
			v, err = p.topSchema(depth + 1)
		} else if depth == 0 && p.drop != nil && k.(string) != "_id" && p.drop(k.(string)) {
			v, err = p.dropValue(depth + 1)
		} else {
			v, err = p.value(depth + 1)
		}

		if err != nil {
			return nil, err
		}

		m[k.(string)] = v

		p.space()

		if p.pos >= len(p.data) {
			return nil, p.syntax("unexpected end of object")
		}

		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return m, nil
		default:
			return nil, p.syntax("expected ',' or '}'")
		}
	}
}

func (p *jsonParser) array(depth int) (any, error) {
	p.pos++ // [
	a := []any{}

	p.space()

	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return a, nil
	}

	for {
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}

		a = append(a, v)

		p.space()

		if p.pos >= len(p.data) {
			return nil, p.syntax("unexpected end of array")
		}

		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return a, nil
		default:
			return nil, p.syntax("expected ',' or ']'")
		}
	}
}

func (p *jsonParser) string() (any, error) {
	start := p.pos
	p.pos++ // opening quote
	escaped, nonASCII := false, false

	for p.pos < len(p.data) {
		c := p.data[p.pos]

		switch {
		case c == '"':
			raw := p.data[start+1 : p.pos]
			p.pos++

			if !escaped && (!nonASCII || utf8.Valid(raw)) {
				return string(raw), nil
			}

			var s string
			if err := json.Unmarshal(p.data[start:p.pos], &s); err != nil {
				return nil, lazyerrors.Error(err)
			}

			return s, nil
		case c == '\\\\':
			escaped = true
			p.pos += 2
		case c < 0x20:
			return nil, p.syntax("control character in string")
		default:
			if c >= utf8.RuneSelf {
				nonASCII = true
			}

			p.pos++
		}
	}

	return nil, p.syntax("unexpected end of string")
}

func (p *jsonParser) number() (any, error) {
	start := p.pos
	digits := func() int {
		n := 0
		for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
			p.pos++
			n++
		}

		return n
	}

	if p.data[p.pos] == '-' {
		p.pos++
	}

	switch {
	case p.pos < len(p.data) && p.data[p.pos] == '0':
		p.pos++
	case digits() == 0:
		return nil, p.syntax("invalid number")
	}

	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++

		if digits() == 0 {
			return nil, p.syntax("invalid number")
		}
	}

	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++

		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}

		if digits() == 0 {
			return nil, p.syntax("invalid number")
		}
	}

	return json.Number(p.data[start:p.pos]), nil
}

// jsonKind names a parsed value's JSON type as encoding/json's errors do.
func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case nil:
		return "null"
	default:
		return "object"
	}
}
`,
    why: 'The one-pass decoder (with UnmarshalDropping, which steps over the top-level fields a query does not need): one parse of the text into plain values (strings with escapes or invalid UTF-8 go to encoding/json, so their values are its values), the schema of a known `$s` text from a small cache (documents of a collection share few shapes), the values built from the schema with the released checks. 22 µs instead of 166 µs for an allocation of the demo data.',
  },
  {
    file: 'internal/handler/sjson/fast_test.go',
    from: '',
    to: `package sjson

// youthcare-hub: the one-pass Unmarshal (fast.go) against the released one.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"math/rand"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

var fastStrings = []string{"", "a", "A B", "a\\"b", "a\\\\b", "<x>&", "é", "\\U0001F600", "\\u2028", "tab\\there", "nul\\x00", "bad\\xffutf8", "line\\nbreak", "0123456789abcdef01234567"}

func fastRandomValue(r *rand.Rand, depth int) any {
	n := 14
	if depth > 3 {
		n = 12
	}

	switch r.Intn(n) {
	case 0:
		return fastStrings[r.Intn(len(fastStrings))]
	case 1:
		return []float64{0, -1.5, 1e300, -1e-300, math.MaxFloat64, 42, 0.1}[r.Intn(7)]
	case 2:
		return int32(r.Int63n(1<<32) - 1<<31)
	case 3:
		return r.Int63() - r.Int63()
	case 4:
		return r.Intn(2) == 0
	case 5:
		return types.Null
	case 6:
		return time.UnixMilli(r.Int63n(1 << 45)).UTC()
	case 7:
		var o types.ObjectID
		r.Read(o[:])

		return o
	case 8:
		b := make([]byte, r.Intn(20))
		r.Read(b)

		return types.Binary{B: b, Subtype: types.BinarySubtype(r.Intn(6))}
	case 9:
		return types.Regex{Pattern: fastStrings[r.Intn(len(fastStrings))], Options: "i"}
	case 10:
		return types.Timestamp(r.Uint64())
	case 11:
		return "plain-" + string(rune('a'+r.Intn(26)))
	case 12:
		return fastRandomDocument(r, depth+1)
	default:
		a := types.MakeArray(0)
		for i := r.Intn(4); i > 0; i-- {
			v := fastRandomValue(r, depth+1)
			if _, ok := v.(*types.Array); ok {
				continue // no nested arrays in stored documents
			}

			a.Append(v)
		}

		return a
	}
}

func fastRandomDocument(r *rand.Rand, depth int) *types.Document {
	d := must.NotFail(types.NewDocument())
	for i := r.Intn(6); i > 0; i-- {
		d.Set(fastStrings[r.Intn(len(fastStrings))]+string(rune('a'+i)), fastRandomValue(r, depth))
	}

	return d
}

func fastCompare(t *testing.T, data []byte) {
	t.Helper()

	want, wantErr := unmarshalReleased(data)
	got, gotErr := unmarshalFast(data)

	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("released error %v, fast error %v, for %q", wantErr, gotErr, data)
	}

	if !reflect.DeepEqual(want, got) {
		t.Fatalf("released and fast differ for %q:\\n%#v\\n%#v", data, want, got)
	}
}

func TestFastEqualsReleased(t *testing.T) {
	r := rand.New(rand.NewSource(1))

	for i := 0; i < 3000; i++ {
		doc := fastRandomDocument(r, 0)
		doc.Set("_id", fastRandomValue(r, 5))

		data, err := Marshal(doc)
		if err != nil {
			continue // a value sjson does not store
		}

		fastCompare(t, data)

		// the same text as PostgreSQL's jsonb gives it back: spaces after ':' and ','
		var spaced bytes.Buffer
		if err := json.Indent(&spaced, data, "", " "); err == nil {
			fastCompare(t, bytes.ReplaceAll(spaced.Bytes(), []byte("\\n"), nil))
		}

		// broken texts: both refuse, or both read the same document
		for j := 0; j < 5; j++ {
			broken := append([]byte(nil), data...)
			broken[r.Intn(len(broken))] = "{}[]\\",:0-.eE\\\\ xtn"[r.Intn(17)]
			fastCompare(t, broken)
		}

		fastCompare(t, data[:r.Intn(len(data))])
		fastCompare(t, append(append([]byte(nil), data...), ' '))
	}
}

// TestDroppingEqualsRemoving: UnmarshalDropping gives the document Unmarshal gives
// without the dropped top-level fields (_id is never dropped), also when a dropped
// value would not build (a schema type sjson does not know).
func TestDroppingEqualsRemoving(t *testing.T) {
	r := rand.New(rand.NewSource(2))

	for i := 0; i < 3000; i++ {
		doc := fastRandomDocument(r, 0)
		doc.Set("_id", fastRandomValue(r, 5))

		data, err := Marshal(doc)
		if err != nil {
			continue
		}

		keys := doc.Keys()
		dropped := map[string]struct{}{"_id": {}}
		for _, k := range keys {
			if r.Intn(2) == 0 {
				dropped[k] = struct{}{}
			}
		}

		drop := func(k string) bool { _, ok := dropped[k]; return ok }

		want, err := unmarshalReleased(data)
		if err != nil {
			continue // a text the released decoder refuses (a key sjson does not escape); TestFastEqualsReleased covers it
		}

		for k := range dropped {
			if k != "_id" {
				want.Remove(k)
			}
		}

		got, err := UnmarshalDropping(data, drop)
		if err != nil {
			t.Fatalf("dropping: %v for %q", err, data)
		}

		if !reflect.DeepEqual(want, got) {
			t.Fatalf("dropping %v differs for %q:\\n%#v\\n%#v", dropped, data, want, got)
		}
	}

	// a dropped field is stepped over, not built: an unknown type in its schema does not matter
	poisoned := []byte(\`{"$s":{"$k":["_id","h","n"],"p":{"_id":{"t":"string"},"h":{"t":"bogus"},"n":{"t":"int"}}},"_id":"a","h":[{"x":1}],"n":1}\`)
	if _, err := unmarshalReleased(poisoned); err == nil {
		t.Fatal("the released decoder reads an unknown type")
	}

	got, err := UnmarshalDropping(poisoned, func(k string) bool { return k == "h" })
	if err != nil {
		t.Fatalf("dropping h: %v", err)
	}

	if want := must.NotFail(types.NewDocument("_id", "a", "n", int32(1))); !reflect.DeepEqual(want, got) {
		t.Fatalf("dropping h: %#v", got)
	}
}

// TestFastEqualsReleasedOnRows compares every row of a file of stored documents, one JSON
// text per line (SJSON_ROWS, for example the output of sqlite3 on a hub's database).
func TestFastEqualsReleasedOnRows(t *testing.T) {
	path := os.Getenv("SJSON_ROWS")
	if path == "" {
		t.Skip("SJSON_ROWS not set")
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)

	var n int
	var released, fast time.Duration

	for sc.Scan() {
		line := sc.Bytes()
		start := time.Now()
		_, _ = unmarshalReleased(line)
		released += time.Since(start)
		start = time.Now()
		_, _ = unmarshalFast(line)
		fast += time.Since(start)

		fastCompare(t, line)
		n++
	}

	t.Logf("%d rows: released %v, fast %v", n, released, fast)
}
`,
    why: "The one-pass decoder against the released one (and UnmarshalDropping against removing the fields from the released answer, a poisoned dropped field included): 3,000 random documents of every type (tricky strings, extreme numbers, nested documents and arrays), each as stored, with PostgreSQL's spacing, broken at random bytes, truncated and with trailing space: both refuse or both give the same document. SJSON_ROWS=<file> compares stored rows too. `test/foundation/engine-decoder.test.ts` runs these with FerretDB's own sjson tests.",
  },
  {
    file: 'internal/backends/fields.go',
    from: '',
    to: `package backends

// youthcare-hub: the top-level fields a find's answer can need. The handler filters,
// sorts and projects every document the backend returns; a field that its filter, sort
// and projection never read is decoded for nothing (an allocation's history is most of
// its weight). A backend steps over the fields Fields drops (sjson.UnmarshalDropping).

// Fields names the top-level fields a query needs: Only, when set, holds all of them;
// else Skip holds the ones it does not need. _id is always needed.
type Fields struct {
	Only map[string]struct{}
	Skip map[string]struct{}
}

// Drops reports whether the top-level field key is not needed.
func (f *Fields) Drops(key string) bool {
	if key == "_id" {
		return false
	}

	if f.Only != nil {
		_, ok := f.Only[key]
		return !ok
	}

	_, ok := f.Skip[key]

	return ok
}

// DropFunc is Drops, or nil when f is nil (nothing dropped).
func (f *Fields) DropFunc() func(string) bool {
	if f == nil {
		return nil
	}

	return f.Drops
}
`,
    why: "What a backend may leave undecoded: the handler filters, sorts and projects every document a backend returns, so a top-level field that none of them reads (an allocation's history in a list or a sweep) was decoded for nothing. Fields names the needed ones (Only) or the unneeded ones (Skip); _id is always needed.",
  },
  {
    file: 'internal/handler/fields.go',
    from: '',
    to: `package handler

// youthcare-hub: a find decodes only the top-level fields its filter, sort and
// projection can read (backends.Fields). It applies to projections of plain field
// names only, all included or all excluded (with \`_id\` either way), and to filters whose
// top-level keys are field paths or $and/$or/$nor of such filters; anything else (an
// operator projection, a positional path, $expr, $where, ...) decodes every field.

import (
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/types"
)

// fieldsFor returns the fields a find needs, or nil for all of them.
func fieldsFor(filter, sort, projection *types.Document) *backends.Fields {
	if projection == nil || projection.Len() == 0 {
		return nil
	}

	needed := map[string]struct{}{}
	if !filterFields(filter, needed, 0) {
		return nil
	}

	if sort != nil {
		for _, k := range sort.Keys() {
			if strings.HasPrefix(k, "$") {
				return nil
			}

			needed[topField(k)] = struct{}{}
		}
	}

	include := map[string]struct{}{}
	exclude := map[string]struct{}{}

	for _, k := range projection.Keys() {
		if k == "" || strings.ContainsRune(k, '$') {
			return nil
		}

		v, _ := projection.Get(k)

		var on bool

		switch v := v.(type) {
		case bool:
			on = v
		case int32:
			on = v != 0
		case int64:
			on = v != 0
		case float64:
			on = v != 0
		default:
			return nil // an operator, a literal, ...
		}

		if k == "_id" {
			continue
		}

		if on {
			include[topField(k)] = struct{}{}
		} else if !strings.ContainsRune(k, '.') { // an excluded subfield leaves the rest of its field
			exclude[k] = struct{}{}
		} else {
			exclude[""] = struct{}{} // marks exclusion mode; "" is not dropped
		}
	}

	switch {
	case len(include) > 0 && len(exclude) > 0:
		return nil // invalid: the projection's own error follows
	case len(include) > 0:
		for k := range needed {
			include[k] = struct{}{}
		}

		return &backends.Fields{Only: include}
	default:
		for k := range needed {
			delete(exclude, k)
		}

		delete(exclude, "")

		if len(exclude) == 0 {
			return nil
		}

		return &backends.Fields{Skip: exclude}
	}
}

// filterFields adds the top-level fields a filter reads to needed; false when it cannot tell.
func filterFields(filter *types.Document, needed map[string]struct{}, depth int) bool {
	if filter == nil {
		return true
	}

	if depth > 100 {
		return false
	}

	for _, k := range filter.Keys() {
		if !strings.HasPrefix(k, "$") {
			needed[topField(k)] = struct{}{}
			continue
		}

		switch k {
		case "$comment":
			continue
		case "$and", "$or", "$nor":
			v, _ := filter.Get(k)

			arr, ok := v.(*types.Array)
			if !ok {
				return false
			}

			for i := 0; i < arr.Len(); i++ {
				e, _ := arr.Get(i)

				doc, ok := e.(*types.Document)
				if !ok || !filterFields(doc, needed, depth+1) {
					return false
				}
			}
		default:
			return false
		}
	}

	return true
}

// topField is the first element of a dotted path.
func topField(path string) string {
	if i := strings.IndexByte(path, '.'); i >= 0 {
		return path[:i]
	}

	return path
}
`,
    why: 'Which top-level fields a find needs: those its filter (field paths, and $and/$or/$nor of them), sort and projection read. Only plain projections (fields all included or all excluded, `_id` either way) are used; an operator projection, a positional path or a filter operator such as $expr decodes every field, as released.',
  },
  {
    file: 'internal/backends/collection.go',
    from: '\tKeyset *Keyset // youthcare-hub: see keyset.go\n',
    to: '\tKeyset *Keyset // youthcare-hub: see keyset.go\n\tFields *Fields // youthcare-hub: see fields.go\n',
    why: 'QueryParams carries the fields a query needs (fields.go).',
  },
  {
    file: 'internal/handler/msg_find.go',
    from: '\t// youthcare-hub: keyset pushdown (keyset.go)\n\tif !h.DisablePushdown && !cInfo.Capped() && params.Skip == 0 {\n\t\tqp.Keyset = keysetFor(params.Filter, params.Sort, params.Limit)\n\t}\n',
    to: '\t// youthcare-hub: keyset pushdown (keyset.go)\n\tif !h.DisablePushdown && !cInfo.Capped() && params.Skip == 0 {\n\t\tqp.Keyset = keysetFor(params.Filter, params.Sort, params.Limit)\n\t}\n\n\t// youthcare-hub: only the fields the answer can need are decoded (fields.go)\n\tif !h.DisablePushdown {\n\t\tqp.Fields = fieldsFor(params.Filter, params.Sort, params.Projection)\n\t}\n',
    why: 'A find asks its backend to decode only the top-level fields its filter, sort and projection read (fields.go).',
  },
  // the same three changes in each backend's query code
  ...(['sqlite', 'postgresql'] as const).flatMap((backend): EnginePatch[] => [
    {
      file: `internal/backends/${backend}/collection.go`,
      from: '\t\tIter:   newQueryIterator(ctx, rows, params.OnlyRecordIDs),\n\t\tKeyset: params.Keyset != nil,',
      to: '\t\tIter:   withDrop(newQueryIterator(ctx, rows, params.OnlyRecordIDs), params.Fields.DropFunc()), // youthcare-hub: see backends/fields.go\n\t\tKeyset: params.Keyset != nil,',
      why: 'The query iterator steps over the fields the query does not need.',
    },
    {
      file: `internal/backends/${backend}/query_iterator.go`,
      from: '\tonlyRecordIDs bool\n}\n',
      to: '\tonlyRecordIDs bool\n\tdrop          func(string) bool // youthcare-hub: top-level fields not decoded\n}\n\n// withDrop (youthcare-hub) makes a query iterator step over the top-level fields drop names\n// (see backends.Fields); nil drops none.\nfunc withDrop(iter types.DocumentsIterator, drop func(string) bool) types.DocumentsIterator {\n\titer.(*queryIterator).drop = drop\n\treturn iter\n}\n',
      why: 'withDrop: the iterator knows the fields it may step over.',
    },
    {
      file: `internal/backends/${backend}/query_iterator.go`,
      from: 'sjson.Unmarshal(b)',
      to: 'sjson.UnmarshalDropping(b, iter.drop)',
      why: 'Rows are decoded without the fields the query does not need (sjson/fast.go).',
    },
  ]),
];
