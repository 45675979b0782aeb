package handler

// youthcare-hub: a find decodes only the top-level fields its filter, sort and
// projection can read (backends.Fields). It applies to projections of plain field
// names only, all included or all excluded (with `_id` either way), and to filters whose
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
