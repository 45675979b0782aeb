package backends

// youthcare-hub: the top-level fields a find's answer can need. The handler filters,
// sorts and projects every document the backend returns; a field that its filter, sort
// and projection never read is decoded for nothing (an allocation's history is most of
// its weight). A backend steps over the fields Fields drops (sjson.UnmarshalDropping).

// Fields names the top-level fields a query needs: Only, when set, holds all of them;
// else Skip holds the ones it does not need. _id is always needed.
type Fields struct {
	Only map[string]struct{}
	Skip map[string]struct{}
}

// Drops reports whether the top-level field key is not needed.
func (f *Fields) Drops(key string) bool {
	if key == "_id" {
		return false
	}

	if f.Only != nil {
		_, ok := f.Only[key]
		return !ok
	}

	_, ok := f.Skip[key]

	return ok
}

// DropFunc is Drops, or nil when f is nil (nothing dropped).
func (f *Fields) DropFunc() func(string) bool {
	if f == nil {
		return nil
	}

	return f.Drops
}
