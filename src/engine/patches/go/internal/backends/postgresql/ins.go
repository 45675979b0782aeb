package postgresql

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends"
	"github.com/FerretDB/FerretDB/internal/backends/postgresql/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// filterIn (youthcare-hub) pushes down a `$in` of strings and ObjectIDs (backends.InValues)
// on the field k as one jsonpath match, `field @@ '$ == v1 || $ == v2 …'`, each value in
// the JSON text documents store. The field's GIN index (jsonb_path_ops) serves it as one
// condition; the same values as OR-ed `@>` equalities made the planner estimate a tenth of
// the table per hundred values and scan it. In jsonpath's lax mode a comparison looks into
// an array, so a field holding an array that holds a value matches, as with `@>`. Any other
// operand is not pushed down ("" and no arguments); the handler still filters every
// returned document.
func filterIn(p *metadata.Placeholder, k any, v any, operator string) (string, []any) {
	values := backends.InValues(v)
	if values == nil {
		return "", nil
	}

	eqs := make([]string, 0, len(values))

	for _, value := range values {
		eqs = append(eqs, "$ == "+string(must.NotFail(sjson.MarshalSingleValue(value))))
	}

	filter := fmt.Sprintf(`%s%s%s @@ %s`, metadata.DefaultColumn, operator, p.Next(), p.Next())

	return filter, []any{k, strings.Join(eqs, " || ")}
}
