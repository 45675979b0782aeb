import type { EnginePatch } from './patch';

/** Filter pushdown on both backends: SQLite's `_id` expression, top-level equalities pushed down, and the small fixes around them. */
export const PUSHDOWN_PATCHES: readonly EnginePatch[] = [
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

// prepareWhereClause (youthcare-hub) pushes down the top-level equalities and string $in
// lists of a filter (pushedEqualities, backends.Ins), written as \`_ferretdb_sjson->"f"\`: the expression FerretDB builds its
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

	// youthcare-hub: a top-level $in of strings and ObjectIDs (backends.Ins), the same way
	for _, in := range backends.Ins(filter) {
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(in.Values)), ", ")
		if in.Key == "_id" {
			conds = append(conds, metadata.IDColumn+" IN ("+marks+")")
		} else {
			conds = append(conds, "("+fieldExpr(in.Key)+" IN ("+marks+") OR "+arrayRange(in.Key)+")")
		}

		for _, v := range in.Values {
			args = append(args, string(must.NotFail(sjson.MarshalSingleValue(v))))
		}
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
      'text documents store (as FerretDB already did for `_id`), each kept with the `[`-range of array values; a ' +
      'top-level `$in` of strings and ObjectIds as `IN (…)` over the same expression (backends.Ins: a page of ids ' +
      'answered through the index instead of a scan of the collection); and ' +
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
];
