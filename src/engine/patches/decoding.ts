import type { EnginePatch } from './patch';
import { goSource } from './go-source';

/** One-pass decoding of stored documents, and decoding only the fields a find needs. */
export const DECODING_PATCHES: readonly EnginePatch[] = [
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
    to: goSource('internal/handler/sjson/fast.go'),
    why: 'The one-pass decoder (with UnmarshalDropping, which steps over the top-level fields a query does not need): one parse of the text into plain values (strings with escapes or invalid UTF-8 go to encoding/json, so their values are its values), the schema of a known `$s` text from a small cache (documents of a collection share few shapes), the values built from the schema with the released checks. 22 µs instead of 166 µs for an allocation of the demo data.',
  },
  {
    file: 'internal/handler/sjson/fast_test.go',
    from: '',
    to: goSource('internal/handler/sjson/fast_test.go'),
    why: "The one-pass decoder against the released one (and UnmarshalDropping against removing the fields from the released answer, a poisoned dropped field included): 3,000 random documents of every type (tricky strings, extreme numbers, nested documents and arrays), each as stored, with PostgreSQL's spacing, broken at random bytes, truncated and with trailing space: both refuse or both give the same document. SJSON_ROWS=<file> compares stored rows too. `test/foundation/engine-decoder.test.ts` runs these with FerretDB's own sjson tests.",
  },
  {
    file: 'internal/backends/fields.go',
    from: '',
    to: goSource('internal/backends/fields.go'),
    why: "What a backend may leave undecoded: the handler filters, sorts and projects every document a backend returns, so a top-level field that none of them reads (an allocation's history in a list or a sweep) was decoded for nothing. Fields names the needed ones (Only) or the unneeded ones (Skip); _id is always needed.",
  },
  {
    file: 'internal/handler/fields.go',
    from: '',
    to: goSource('internal/handler/fields.go'),
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
