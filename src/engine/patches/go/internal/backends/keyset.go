package backends

import (
	"strings"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// Keyset (youthcare-hub) asks a backend for one chunk of a query in `_id` order: the
// documents whose `_id` is a string (or, with ObjectID, an ObjectID) and satisfies
// Conds, ordered by `_id`, at most Limit of them, besides what Filter narrows.
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

// KeysetCond is one bound on `_id`: Op is one of =, >, >=, <, <=; Value is the
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
// (`{f: v}` or `{f: {$eq: v}}`) of a field named by a plain identifier: what the hub's
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

// WithoutEqualities (youthcare-hub) returns a copy of filter without its top-level
// equalities (Equalities): the conditions a keyset query reads through the index on
// (field, `_id`) itself. Written twice, once as the released `@>` too, PostgreSQL's planner
// multiplied their selectivities, expected a row or two, and chose a bitmap scan of the
// whole scope and a sort over the index's order with its limit.
func WithoutEqualities(filter *types.Document) *types.Document {
	if filter == nil {
		return nil
	}

	out := filter.DeepCopy()

	for _, eq := range Equalities(filter) {
		out.Remove(eq.Key)
	}

	return out
}
