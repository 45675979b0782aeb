package backends

import (
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// MaxInValues (youthcare-hub) is the longest `$in` list a backend pushes down; a longer
// one is left to the handler, as the released engine left every `$in`.
const MaxInValues = 1000

// In (youthcare-hub) is a top-level `$in` of a filter on strings and ObjectIDs
// (`{f: {$in: [v1, v2]}}`, other operators beside it allowed) of a field named by a
// plain identifier: the documents it matches hold one of Values in the field (or an
// array holding one of them). Every other operator beside it narrows further, so a
// backend that keeps only the documents matching In returns a superset of the answer.
type In struct {
	Key    string
	Values []any
}

// Ins returns a filter's top-level `$in` lists whose values are all strings or
// ObjectIDs (1 to MaxInValues of them), in order. A list holding anything else (a
// number, null, a regular expression, a document) is left out: it matches by rules
// the backends do not repeat.
func Ins(filter *types.Document) []In {
	if filter == nil {
		return nil
	}

	var ins []In

	for _, k := range filter.Keys() {
		if !plainKey(k) {
			continue
		}

		d, ok := must.NotFail(filter.Get(k)).(*types.Document)
		if !ok {
			continue
		}

		v, err := d.Get("$in")
		if err != nil {
			continue
		}

		if values := InValues(v); values != nil {
			ins = append(ins, In{Key: k, Values: values})
		}
	}

	return ins
}

// InValues returns the values of a `$in` operand when it is an array of 1 to MaxInValues
// strings and ObjectIDs, else nil.
func InValues(v any) []any {
	arr, ok := v.(*types.Array)
	if !ok || arr.Len() == 0 || arr.Len() > MaxInValues {
		return nil
	}

	values := make([]any, 0, arr.Len())

	for i := 0; i < arr.Len(); i++ {
		e := must.NotFail(arr.Get(i))

		switch e.(type) {
		case string, types.ObjectID:
			values = append(values, e)
		default:
			return nil
		}
	}

	return values
}
