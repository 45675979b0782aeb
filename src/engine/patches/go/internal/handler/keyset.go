package handler

// youthcare-hub: keyset pushdown. A find sorted by `_id` with a bound on `_id` asks the
// backend for its documents in `_id` order, a chunk at a time, instead of reading every
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
// the sort is exactly {_id: 1} or {_id: -1} and the filter has a top-level `_id` that is a
// string or an ObjectID, or an operator document of $eq, $gt, $gte, $lt and $lte whose
// values are all strings or all ObjectIDs. MongoDB compares values of one type only, so every
// matching document has an `_id` of that type: the chunks hold all of them, in order.
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
// asks for the next one after the chunk's last `_id`.
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
