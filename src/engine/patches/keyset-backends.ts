import type { EnginePatch } from './patch';
import { goSource } from './go-source';

/** Keyset pushdown, continued: the backends' side of the interface and its explanation. */
export const KEYSET_BACKEND_PATCHES: readonly EnginePatch[] = [
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
    to: goSource('internal/backends/keyset.go'),
    why: 'The keyset request itself: a chunk of a query in `_id` order, of one `_id` type, within bounds; and the top-level string and ObjectId equalities of a filter, which both backends push down (one definition for the two).',
  },
  {
    file: 'internal/handler/keyset.go',
    from: '',
    to: goSource('internal/handler/keyset.go'),
    why: 'When a find qualifies for a keyset (sort exactly `{_id: ±1}`, a top-level `_id` bound on strings or on ObjectIDs: MongoDB compares one type only, so every match has an `_id` of that type), and the iterator that reads the chunks, asking for the next one after the last `_id` while a chunk comes back full.',
  },
];
