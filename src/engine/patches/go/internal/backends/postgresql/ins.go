package postgresql

import (
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
)

// filterIn (youthcare-hub) pushes down a `$in` of strings and ObjectIDs (backends.InValues)
// on the field k: one `@>` equality per value (filterEqual, as the released engine writes
// `{f: v}`), joined by OR, which PostgreSQL answers from the field's GIN index (a bitmap per
// value, OR-ed). Any other operand is not pushed down ("" and no arguments); the handler
// still filters every returned document.
func filterIn(p *metadata.Placeholder, k any, v any, operator string) (string, []any) {
	values := backends.InValues(v)
	if values == nil {
		return "", nil
	}

	ors := make([]string, 0, len(values))
	var args []any

	for _, value := range values {
		f, a := filterEqual(p, k, value, operator)
		ors = append(ors, f)
		args = append(args, a...)
	}

	return "(" + strings.Join(ors, " OR ") + ")", args
}
