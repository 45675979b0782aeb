package sjson

// youthcare-hub: a one-pass Unmarshal. The released one decodes each level of a document
// again from its raw text (a document nested three deep is scanned four times) and every
// scalar with a decoder of its own; this one parses the text once, schema included, and
// builds the values from the schema. Same values, same checks.

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/lazyerrors"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// unmarshalFast is Unmarshal in one pass over the text.
func unmarshalFast(data []byte) (*types.Document, error) {
	return UnmarshalDropping(data, nil)
}

// UnmarshalDropping is Unmarshal without the top-level fields drop names (never _id):
// their values are stepped over, not built. A query's backend uses it for the fields
// no step of the query reads (see backends.Fields).
func UnmarshalDropping(data []byte, drop func(key string) bool) (*types.Document, error) {
	p := &jsonParser{data: data, schemas: true, drop: drop}

	parsed, err := p.value(0)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	if p.pos != len(data) { // as the released checkConsumed: not even trailing space
		return nil, lazyerrors.Errorf("%d bytes remains in the decoder: %s", len(data)-p.pos, data[p.pos:])
	}

	v, ok := parsed.(map[string]any)
	if !ok {
		return nil, lazyerrors.Errorf("json: cannot unmarshal %s into Go value of type map[string]json.RawMessage", jsonKind(parsed))
	}

	jsch, ok := v["$s"]
	if !ok {
		return nil, lazyerrors.Errorf("schema is not set")
	}

	sch, ok := jsch.(*schema) // the document's own schema, parsed (or found in the cache) by the parser
	if !ok {
		if sch, err = genericSchema(jsch); err != nil {
			return nil, lazyerrors.Error(err)
		}
	}

	delete(v, "$s")

	if len(sch.Keys) != len(v) {
		return nil, lazyerrors.Errorf(
			"sjson.Unmarshal: the data must have the same number of schema keys and document fields (keys: %d, fields: %d)",
			len(sch.Keys), len(v),
		)
	}

	return genericDocument(v, sch)
}

// genericDocument builds a document from its parsed fields and schema.
func genericDocument(m map[string]any, sch *schema) (*types.Document, error) {
	d := must.NotFail(types.NewDocument())

	if len(m) == 0 {
		return d, nil
	}

	if sch == nil {
		return nil, lazyerrors.Errorf("document schema is nil for non-empty document")
	}

	if len(sch.Keys) != len(m) {
		return nil, lazyerrors.Errorf("sjson.documentType.UnmarshalJSON: %d elements in $k in the schema, %d in the document",
			len(sch.Keys), len(m),
		)
	}

	for _, key := range sch.Keys {
		raw, ok := m[key]
		if !ok {
			return nil, lazyerrors.Errorf("sjson.Unmarshal: missing key %q", key)
		}

		if raw == droppedValue {
			continue
		}

		v, err := genericValue(raw, sch.Properties[key])
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		d.Set(key, v)
	}

	return d, nil
}

// genericValue builds one value from its parsed form and schema element.
func genericValue(raw any, sch *elem) (any, error) {
	if raw == nil {
		return types.Null, nil
	}

	if sch == nil {
		return nil, lazyerrors.Errorf("schema is not set")
	}

	switch sch.Type {
	case elemTypeObject:
		if sch.Schema == nil {
			return nil, lazyerrors.Errorf("sjson.unmarshalSingleValue: schema is not set")
		}

		m, ok := raw.(map[string]any)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected an object, got %T", raw)
		}

		return genericDocument(m, sch.Schema)

	case elemTypeArray:
		if sch.Items == nil {
			return nil, lazyerrors.Errorf("sjson.unmarshalSingleValue: schema's items are not set")
		}

		items, ok := raw.([]any)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected an array, got %T", raw)
		}

		if len(sch.Items) != len(items) {
			return nil, lazyerrors.Errorf("sjson.arrayType.UnmarshalJSON: %d elements in schema, %d in total",
				len(sch.Items), len(items),
			)
		}

		a := types.MakeArray(len(items))

		for i, item := range items {
			v, err := genericValue(item, sch.Items[i])
			if err != nil {
				return nil, lazyerrors.Error(err)
			}

			a.Append(v)
		}

		return a, nil

	case elemTypeDouble:
		n, err := genericNumber(raw)
		if err != nil {
			return nil, err
		}

		f, err := strconv.ParseFloat(n, 64)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return f, nil

	case elemTypeString:
		s, ok := raw.(string)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected a string, got %T", raw)
		}

		return s, nil

	case elemTypeBinData:
		s, ok := raw.(string)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected base64 text, got %T", raw)
		}

		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		if sch.Subtype == nil {
			return nil, lazyerrors.Errorf("binary subtype in the schema is nil")
		}

		return types.Binary{B: b, Subtype: *sch.Subtype}, nil

	case elemTypeObjectID:
		s, ok := raw.(string)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected hex text, got %T", raw)
		}

		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		if len(b) != types.ObjectIDLen {
			return nil, lazyerrors.Errorf("sjson.objectIDType.UnmarshalJSON: %d bytes", len(b))
		}

		var o types.ObjectID
		copy(o[:], b)

		return o, nil

	case elemTypeBool:
		b, ok := raw.(bool)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected a boolean, got %T", raw)
		}

		return b, nil

	case elemTypeDate:
		n, err := genericNumber(raw)
		if err != nil {
			return nil, err
		}

		ms, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return time.UnixMilli(ms), nil

	case elemTypeNull:
		return nil, lazyerrors.Errorf("sjson.unmarshalSingleValue: expected null, got %v", raw)

	case elemTypeRegex:
		s, ok := raw.(string)
		if !ok {
			return nil, lazyerrors.Errorf("sjson: expected a pattern, got %T", raw)
		}

		if sch.Options == nil {
			return nil, lazyerrors.Errorf("regex options is nil")
		}

		return types.Regex{Pattern: s, Options: *sch.Options}, nil

	case elemTypeInt:
		n, err := genericNumber(raw)
		if err != nil {
			return nil, err
		}

		i, err := strconv.ParseInt(n, 10, 32)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return int32(i), nil

	case elemTypeTimestamp:
		n, err := genericNumber(raw)
		if err != nil {
			return nil, err
		}

		u, err := strconv.ParseUint(n, 10, 64)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return types.Timestamp(u), nil

	case elemTypeLong:
		n, err := genericNumber(raw)
		if err != nil {
			return nil, err
		}

		i, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			return nil, lazyerrors.Error(err)
		}

		return i, nil

	default:
		return nil, lazyerrors.Errorf("sjson.unmarshalSingleValue: unhandled type %q", sch.Type)
	}
}

// genericNumber returns the text of a parsed JSON number.
func genericNumber(raw any) (string, error) {
	n, ok := raw.(json.Number)
	if !ok {
		return "", lazyerrors.Errorf("sjson: expected a number, got %T", raw)
	}

	return string(n), nil
}

// genericSchema builds a document schema from its parsed form, refusing unknown fields.
func genericSchema(raw any) (*schema, error) {
	m, ok := raw.(map[string]any)
	if !ok {
		return nil, lazyerrors.Errorf("sjson: schema is %T, not an object", raw)
	}

	sch := new(schema)

	for k, v := range m {
		switch k {
		case "p":
			if v == nil {
				continue
			}

			props, ok := v.(map[string]any)
			if !ok {
				return nil, lazyerrors.Errorf("sjson: schema properties are %T", v)
			}

			sch.Properties = make(map[string]*elem, len(props))

			for name, p := range props {
				e, err := genericElem(p)
				if err != nil {
					return nil, err
				}

				sch.Properties[name] = e
			}

		case "$k":
			if v == nil {
				continue
			}

			keys, ok := v.([]any)
			if !ok {
				return nil, lazyerrors.Errorf("sjson: schema keys are %T", v)
			}

			sch.Keys = make([]string, len(keys))

			for i, key := range keys {
				s, ok := key.(string)
				if !ok {
					return nil, lazyerrors.Errorf("sjson: schema key is %T", key)
				}

				sch.Keys[i] = s
			}

		default:
			return nil, lazyerrors.Errorf("json: unknown field %q", k)
		}
	}

	return sch, nil
}

// genericElem builds a schema element from its parsed form, refusing unknown fields.
func genericElem(raw any) (*elem, error) {
	if raw == nil {
		return nil, nil
	}

	m, ok := raw.(map[string]any)
	if !ok {
		return nil, lazyerrors.Errorf("sjson: schema element is %T, not an object", raw)
	}

	e := new(elem)

	for k, v := range m {
		switch k {
		case "t":
			s, ok := v.(string)
			if !ok {
				return nil, lazyerrors.Errorf("sjson: schema type is %T", v)
			}

			e.Type = elemType(s)

		case "$s":
			if v == nil {
				continue
			}

			s, err := genericSchema(v)
			if err != nil {
				return nil, err
			}

			e.Schema = s

		case "o":
			if v == nil {
				continue
			}

			s, ok := v.(string)
			if !ok {
				return nil, lazyerrors.Errorf("sjson: regex options are %T", v)
			}

			e.Options = &s

		case "i":
			if v == nil {
				continue
			}

			items, ok := v.([]any)
			if !ok {
				return nil, lazyerrors.Errorf("sjson: schema items are %T", v)
			}

			e.Items = make([]*elem, len(items))

			for i, item := range items {
				ie, err := genericElem(item)
				if err != nil {
					return nil, err
				}

				e.Items[i] = ie
			}

		case "s":
			if v == nil {
				continue
			}

			n, err := genericNumber(v)
			if err != nil {
				return nil, err
			}

			u, err := strconv.ParseUint(n, 10, 8)
			if err != nil {
				return nil, lazyerrors.Error(err)
			}

			st := types.BinarySubtype(u)
			e.Subtype = &st

		default:
			return nil, lazyerrors.Errorf("json: unknown field %q", k)
		}
	}

	return e, nil
}

// jsonParser parses JSON text into the values encoding/json gives with UseNumber
// (map[string]any, []any, string, json.Number, bool, nil), in one pass. Strings with
// escapes or invalid UTF-8 are handed to encoding/json, so their values are its values.
type jsonParser struct {
	data []byte
	pos  int
	// schemas: the top-level "$s" is returned as a *schema, from the cache when its text is known
	schemas bool
	// drop: top-level fields whose values are stepped over (droppedValue)
	drop func(key string) bool
}

// dropped marks a top-level value that was stepped over (UnmarshalDropping).
type dropped struct{}

var droppedValue any = &dropped{}

// dropValue steps over the value at pos: an object or array without building it, a
// scalar parsed as usual (it costs no more).
func (p *jsonParser) dropValue(depth int) (any, error) {
	p.space()

	if p.pos < len(p.data) && (p.data[p.pos] == '{' || p.data[p.pos] == '[') {
		if end, ok := p.skip(); ok {
			p.pos = end
			return droppedValue, nil
		}
	}

	if _, err := p.value(depth); err != nil {
		return nil, err
	}

	return droppedValue, nil
}

// schemaCache maps the text of a document's "$s" to its schema: documents of one
// collection share few shapes. Schemas are never changed once built.
var schemaCache = struct {
	sync.Mutex
	m map[string]*schema
}{m: make(map[string]*schema)}

// schemaCacheSize bounds the cache (a few KB a schema; the demo data's 3,000 allocations
// have 460 shapes); it starts over when full.
const schemaCacheSize = 4096

// topSchema reads the value of a top-level "$s": a known text from the cache, else parsed.
func (p *jsonParser) topSchema(depth int) (any, error) {
	p.space()
	start := p.pos

	if end, ok := p.skip(); ok {
		schemaCache.Lock()
		sch := schemaCache.m[string(p.data[start:end])]
		schemaCache.Unlock()

		if sch != nil {
			p.pos = end
			return sch, nil
		}
	}

	p.pos = start

	v, err := p.value(depth)
	if err != nil {
		return nil, err
	}

	sch, err := genericSchema(v)
	if err != nil {
		return nil, lazyerrors.Error(err)
	}

	schemaCache.Lock()
	if len(schemaCache.m) >= schemaCacheSize {
		schemaCache.m = make(map[string]*schema)
	}
	schemaCache.m[string(p.data[start:p.pos])] = sch
	schemaCache.Unlock()

	return sch, nil
}

// skip finds the end of the object at pos without building it (false when it does not
// end): the bytes up to there are looked up in the cache, which holds valid texts only.
func (p *jsonParser) skip() (int, bool) {
	depth := 0

	for i := p.pos; i < len(p.data); i++ {
		switch p.data[i] {
		case '"':
			for i++; i < len(p.data) && p.data[i] != '"'; i++ {
				if p.data[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, true
			}
		}

		if depth == 0 {
			return 0, false // not an object
		}
	}

	return 0, false
}

// jsonMaxDepth is encoding/json's nesting limit.
const jsonMaxDepth = 10000

var errJSONSyntax = errors.New("sjson: invalid JSON")

func (p *jsonParser) syntax(what string) error {
	return lazyerrors.Errorf("%w: %s at offset %d", errJSONSyntax, what, p.pos)
}

func (p *jsonParser) space() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) (any, error) {
	if depth > jsonMaxDepth {
		return nil, p.syntax("exceeded max depth")
	}

	p.space()

	if p.pos >= len(p.data) {
		return nil, p.syntax("unexpected end")
	}

	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth)
	case c == '[':
		return p.array(depth)
	case c == '"':
		return p.string()
	case c == 't':
		return p.literal("true", true)
	case c == 'f':
		return p.literal("false", false)
	case c == 'n':
		return p.literal("null", nil)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		return nil, p.syntax("invalid character")
	}
}

func (p *jsonParser) literal(text string, v any) (any, error) {
	if len(p.data)-p.pos < len(text) || string(p.data[p.pos:p.pos+len(text)]) != text {
		return nil, p.syntax("invalid literal")
	}

	p.pos += len(text)

	return v, nil
}

func (p *jsonParser) object(depth int) (any, error) {
	p.pos++ // {
	m := make(map[string]any)

	p.space()

	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return m, nil
	}

	for {
		p.space()

		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return nil, p.syntax("expected a key")
		}

		k, err := p.string()
		if err != nil {
			return nil, err
		}

		p.space()

		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return nil, p.syntax("expected ':'")
		}

		p.pos++

		var v any
		if depth == 0 && p.schemas && k.(string) == "$s" {
			v, err = p.topSchema(depth + 1)
		} else if depth == 0 && p.drop != nil && k.(string) != "_id" && p.drop(k.(string)) {
			v, err = p.dropValue(depth + 1)
		} else {
			v, err = p.value(depth + 1)
		}

		if err != nil {
			return nil, err
		}

		m[k.(string)] = v

		p.space()

		if p.pos >= len(p.data) {
			return nil, p.syntax("unexpected end of object")
		}

		switch p.data[p.pos] {
		case ',':
			p.pos++
		case '}':
			p.pos++
			return m, nil
		default:
			return nil, p.syntax("expected ',' or '}'")
		}
	}
}

func (p *jsonParser) array(depth int) (any, error) {
	p.pos++ // [
	a := []any{}

	p.space()

	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return a, nil
	}

	for {
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}

		a = append(a, v)

		p.space()

		if p.pos >= len(p.data) {
			return nil, p.syntax("unexpected end of array")
		}

		switch p.data[p.pos] {
		case ',':
			p.pos++
		case ']':
			p.pos++
			return a, nil
		default:
			return nil, p.syntax("expected ',' or ']'")
		}
	}
}

func (p *jsonParser) string() (any, error) {
	start := p.pos
	p.pos++ // opening quote
	escaped, nonASCII := false, false

	for p.pos < len(p.data) {
		c := p.data[p.pos]

		switch {
		case c == '"':
			raw := p.data[start+1 : p.pos]
			p.pos++

			if !escaped && (!nonASCII || utf8.Valid(raw)) {
				return string(raw), nil
			}

			var s string
			if err := json.Unmarshal(p.data[start:p.pos], &s); err != nil {
				return nil, lazyerrors.Error(err)
			}

			return s, nil
		case c == '\\':
			escaped = true
			p.pos += 2
		case c < 0x20:
			return nil, p.syntax("control character in string")
		default:
			if c >= utf8.RuneSelf {
				nonASCII = true
			}

			p.pos++
		}
	}

	return nil, p.syntax("unexpected end of string")
}

func (p *jsonParser) number() (any, error) {
	start := p.pos
	digits := func() int {
		n := 0
		for p.pos < len(p.data) && p.data[p.pos] >= '0' && p.data[p.pos] <= '9' {
			p.pos++
			n++
		}

		return n
	}

	if p.data[p.pos] == '-' {
		p.pos++
	}

	switch {
	case p.pos < len(p.data) && p.data[p.pos] == '0':
		p.pos++
	case digits() == 0:
		return nil, p.syntax("invalid number")
	}

	if p.pos < len(p.data) && p.data[p.pos] == '.' {
		p.pos++

		if digits() == 0 {
			return nil, p.syntax("invalid number")
		}
	}

	if p.pos < len(p.data) && (p.data[p.pos] == 'e' || p.data[p.pos] == 'E') {
		p.pos++

		if p.pos < len(p.data) && (p.data[p.pos] == '+' || p.data[p.pos] == '-') {
			p.pos++
		}

		if digits() == 0 {
			return nil, p.syntax("invalid number")
		}
	}

	return json.Number(p.data[start:p.pos]), nil
}

// jsonKind names a parsed value's JSON type as encoding/json's errors do.
func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case nil:
		return "null"
	default:
		return "object"
	}
}
