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
    why: 'SQLite matches index expressions by their text: the `_id_` index is built on `_ferretdb_sjson->"_id"` '
      + '(registry.go indexesCreate) while lookups, updates and deletes by `_id` filtered on `->\'$._id\'`, so each '
      + 'of them scanned the table. `->\'_id\'` is the same value in the form the index matches.',
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
    why: 'Queries pushed down only an exact `{_id}` filter; every other filter made SQLite hand each document of the '
      + 'table to Go. Now the top-level string and ObjectId equalities of a filter are pushed down (query.go).',
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
    to: [
      '// prepareWhereClause (youthcare-hub) pushes down the top-level equalities of a filter on\n',
      '// strings and ObjectIDs (`{f: v}` or `{f: {$eq: v}}`), written as `_ferretdb_sjson->"f"`: the\n',
      '// expression FerretDB builds its indexes on, so SQLite serves them from an index on `f`. The\n',
      '// handler still filters every returned document, so this may return more, never fewer:\n',
      '// a field holding an array (which matches by its elements) is kept through the range of JSON\n',
      '// texts that start with \'[\'. Field names other than plain identifiers are not pushed down.\n',
      'func prepareWhereClause(filter *types.Document) (string, []any) {\n',
      '\tif filter == nil {\n',
      '\t\treturn "", nil\n',
      '\t}\n',
      '\n',
      '\tvar conds []string\n',
      '\tvar args []any\n',
      '\n',
      '\tfor _, k := range filter.Keys() {\n',
      '\t\tif !pushableKey(k) {\n',
      '\t\t\tcontinue\n',
      '\t\t}\n',
      '\n',
      '\t\tv := must.NotFail(filter.Get(k))\n',
      '\t\tif d, ok := v.(*types.Document); ok {\n',
      '\t\t\teq, err := d.Get("$eq")\n',
      '\t\t\tif d.Len() != 1 || err != nil {\n',
      '\t\t\t\tcontinue\n',
      '\t\t\t}\n',
      '\t\t\tv = eq\n',
      '\t\t}\n',
      '\n',
      '\t\tswitch v.(type) {\n',
      '\t\tcase string, types.ObjectID:\n',
      '\t\tdefault:\n',
      '\t\t\tcontinue\n',
      '\t\t}\n',
      '\n',
      '\t\targ := string(must.NotFail(sjson.MarshalSingleValue(v)))\n',
      '\t\tif k == "_id" {\n',
      '\t\t\tconds = append(conds, metadata.IDColumn+" = ?")\n',
      '\t\t} else {\n',
      '\t\t\tconds = append(conds, fmt.Sprintf(`(%[1]s->"%[2]s" = ? OR (%[1]s->"%[2]s" >= \'[\' AND %[1]s->"%[2]s" < \'\\\'))`, metadata.DefaultColumn, k))\n',
      '\t\t}\n',
      '\n',
      '\t\targs = append(args, arg)\n',
      '\t}\n',
      '\n',
      '\tif len(conds) == 0 {\n',
      '\t\treturn "", nil\n',
      '\t}\n',
      '\n',
      '\treturn " WHERE " + strings.Join(conds, " AND "), args\n',
      '}\n',
      '\n',
      '// pushableKey is true for a plain identifier that is not one of FerretDB\'s own names.\n',
      'func pushableKey(k string) bool {\n',
      '\tif k == "" || strings.HasPrefix(k, "_ferretdb_") {\n',
      '\t\treturn false\n',
      '\t}\n',
      '\n',
      '\tfor i, r := range k {\n',
      '\t\tswitch {\n',
      '\t\tcase r == \'_\', r >= \'a\' && r <= \'z\', r >= \'A\' && r <= \'Z\':\n',
      '\t\tcase i > 0 && r >= \'0\' && r <= \'9\':\n',
      '\t\tdefault:\n',
      '\t\t\treturn false\n',
      '\t\t}\n',
      '\t}\n',
      '\n',
      '\treturn true\n',
      '}\n',
      '\n',
      '// prepareOrderByClause returns ORDER BY clause for given sort document.\n',
    ].join(''),
    why: 'The pushdown itself (see collection.go). SQLite compares the JSON text of the stored value with the JSON '
      + 'text of the filter value, as FerretDB already did for `_id`.',
  },
  {
    file: 'internal/backends/postgresql/metadata/registry.go',
    from: '\t\tcreated = append(created, index.Name)\n',
    to: [
      '\t\tcreated = append(created, index.Name)\n',
      '\n',
      '\t\t// youthcare-hub: equality filters are pushed down as `_jsonb->\'field\' @> value`, which the\n',
      '\t\t// btree index above cannot serve; a GIN index per top-level indexed field can.\n',
      '\t\tfor _, key := range index.Key {\n',
      '\t\t\tif strings.Contains(key.Field, ".") {\n',
      '\t\t\t\tcontinue\n',
      '\t\t\t}\n',
      '\t\t\tgh := fnv.New32a()\n',
      '\t\t\tmust.NotFail(gh.Write([]byte(key.Field)))\n',
      '\t\t\tgq := fmt.Sprintf(\n',
      '\t\t\t\t"CREATE INDEX IF NOT EXISTS %s ON %s USING gin ((%s->%s) jsonb_path_ops)",\n',
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
    why: 'The PostgreSQL backend pushes each top-level equality down as `_jsonb->\'field\' @> value`; its own btree '
      + 'indexes on `(_jsonb->\'field\')` cannot serve `@>`, so reads scanned. Beside each index it creates, the engine '
      + 'now creates a GIN `jsonb_path_ops` index per top-level field (once per table and field; dropped with the table).',
  },
  {
    file: 'internal/util/resource/resource.go',
    from: 'func Track(obj any, token *Token) {\n\tcheckArgs(obj, token)\n',
    to: 'func Track(obj any, token *Token) {\n\tif !debugbuild.Enabled { // youthcare-hub: see the patch\'s reason\n\t\treturn\n\t}\n\n\tcheckArgs(obj, token)\n',
    why: 'FerretDB tracks the lifetime of every document and array iterator it creates (one per document read, and '
      + 'per nested document) in a pprof profile: a stack capture, a reflection check and a finalizer each, about a '
      + 'tenth of the CPU of a read in a profile of the hub\'s list queries. The tracking exists to catch leaks in '
      + 'FerretDB\'s own debug builds and tests; in a release build its finalizer can only panic the engine.',
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
		where, args = prepareKeysetClause(&placeholder, where, args, params.Keyset)
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
    why: 'query.go builds the keyset condition from the backends package\'s types.',
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

// prepareKeysetClause (youthcare-hub) adds a keyset chunk to a WHERE clause: the \`_id\`'s type
// from the document's schema, its bounds, the \`_id\` order and the chunk's LIMIT (the caller
// adds no ORDER BY or LIMIT of its own: Sort and Limit are unset with a filter). \`->>\` gives
// the string itself (or the ObjectID's hex digits); COLLATE "C" compares it by its bytes, as
// MongoDB compares strings, whatever the database's collation.
func prepareKeysetClause(p *metadata.Placeholder, where string, args []any, ks *backends.Keyset) (string, []any) {
	idType := "string"
	if ks.ObjectID {
		idType = "objectId"
	}

	id := "(" + metadata.DefaultColumn + "->>'_id') COLLATE \\"C\\""
	conds := []string{metadata.DefaultColumn + "->'$s'->'p'->'_id'->>'t' = " + p.Next()}
	args = append(args, idType)

	for _, c := range ks.Conds {
		conds = append(conds, id+" "+backends.KeysetOp(c.Op)+" "+p.Next())
		args = append(args, c.Value)
	}

	if where == "" {
		where = " WHERE "
	} else {
		where += " AND "
	}

	order := ""
	if ks.Descending {
		order = " DESC"
	}

	where += strings.Join(conds, " AND ") + " ORDER BY " + id + order + " LIMIT " + p.Next()
	args = append(args, ks.Limit)

	return where, args
}

// prepareOrderByClause returns ORDER BY clause with arguments for given sort document.
//
// The provided sort document should be already validated.
`,
    why: 'The keyset chunk in SQL: the `_id`\'s type from the document\'s schema, its bounds, `ORDER BY` the `_id` text with `COLLATE "C"` (byte order, as MongoDB compares strings, whatever the database\'s collation) and `LIMIT`.',
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
		whereClause, args = prepareKeysetClause(whereClause, args, params.Keyset)
	}

	q += whereClause
	q += prepareOrderByClause(params.Sort)

`,
    why: 'The SQLite backend adds the keyset chunk to its query (query.go).',
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
    why: 'query.go builds the keyset condition from the backends package\'s types.',
  },
  {
    file: 'internal/backends/sqlite/query.go',
    from: `	return true
}

// prepareOrderByClause returns ORDER BY clause for given sort document.
//
// The provided sort document should be already validated.
`,
    to: `	return true
}

// prepareKeysetClause (youthcare-hub) adds a keyset chunk to a WHERE clause: the \`_id\`'s type
// from the document's schema, its bounds, the \`_id\` order and the chunk's LIMIT (the caller
// adds no ORDER BY or LIMIT of its own: Sort and Limit are unset with a filter). \`->>\` gives
// the string itself (or the ObjectID's hex digits), which SQLite compares by its bytes, as
// MongoDB compares strings.
func prepareKeysetClause(where string, args []any, ks *backends.Keyset) (string, []any) {
	idType := "string"
	if ks.ObjectID {
		idType = "objectId"
	}

	id := metadata.DefaultColumn + "->>'_id'"
	conds := []string{metadata.DefaultColumn + \`->>'$."$s".p._id.t' = ?\`}
	args = append(args, idType)

	for _, c := range ks.Conds {
		conds = append(conds, id+" "+backends.KeysetOp(c.Op)+" ?")
		args = append(args, c.Value)
	}

	if where == "" {
		where = " WHERE "
	} else {
		where += " AND "
	}

	order := ""
	if ks.Descending {
		order = " DESC"
	}

	where += strings.Join(conds, " AND ") + " ORDER BY " + id + order + " LIMIT ?"
	args = append(args, ks.Limit)

	return where, args
}

// prepareOrderByClause returns ORDER BY clause for given sort document.
//
// The provided sort document should be already validated.
`,
    why: 'The keyset chunk in SQL: the `_id`\'s type from the document\'s schema, its bounds, `ORDER BY` the `_id` text (SQLite compares text by its bytes, as MongoDB compares strings) and `LIMIT`.',
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
`,
    why: 'The keyset request itself: a chunk of a query in `_id` order, of one `_id` type, within bounds.',
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
];
