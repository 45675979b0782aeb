package sjson

// youthcare-hub: the one-pass Unmarshal (fast.go) against the released one.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"math/rand"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

var fastStrings = []string{"", "a", "A B", "a\"b", "a\\b", "<x>&", "é", "\U0001F600", "\u2028", "tab\there", "nul\x00", "bad\xffutf8", "line\nbreak", "0123456789abcdef01234567"}

func fastRandomValue(r *rand.Rand, depth int) any {
	n := 14
	if depth > 3 {
		n = 12
	}

	switch r.Intn(n) {
	case 0:
		return fastStrings[r.Intn(len(fastStrings))]
	case 1:
		return []float64{0, -1.5, 1e300, -1e-300, math.MaxFloat64, 42, 0.1}[r.Intn(7)]
	case 2:
		return int32(r.Int63n(1<<32) - 1<<31)
	case 3:
		return r.Int63() - r.Int63()
	case 4:
		return r.Intn(2) == 0
	case 5:
		return types.Null
	case 6:
		return time.UnixMilli(r.Int63n(1 << 45)).UTC()
	case 7:
		var o types.ObjectID
		r.Read(o[:])

		return o
	case 8:
		b := make([]byte, r.Intn(20))
		r.Read(b)

		return types.Binary{B: b, Subtype: types.BinarySubtype(r.Intn(6))}
	case 9:
		return types.Regex{Pattern: fastStrings[r.Intn(len(fastStrings))], Options: "i"}
	case 10:
		return types.Timestamp(r.Uint64())
	case 11:
		return "plain-" + string(rune('a'+r.Intn(26)))
	case 12:
		return fastRandomDocument(r, depth+1)
	default:
		a := types.MakeArray(0)
		for i := r.Intn(4); i > 0; i-- {
			v := fastRandomValue(r, depth+1)
			if _, ok := v.(*types.Array); ok {
				continue // no nested arrays in stored documents
			}

			a.Append(v)
		}

		return a
	}
}

func fastRandomDocument(r *rand.Rand, depth int) *types.Document {
	d := must.NotFail(types.NewDocument())
	for i := r.Intn(6); i > 0; i-- {
		d.Set(fastStrings[r.Intn(len(fastStrings))]+string(rune('a'+i)), fastRandomValue(r, depth))
	}

	return d
}

func fastCompare(t *testing.T, data []byte) {
	t.Helper()

	want, wantErr := unmarshalReleased(data)
	got, gotErr := unmarshalFast(data)

	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("released error %v, fast error %v, for %q", wantErr, gotErr, data)
	}

	if !reflect.DeepEqual(want, got) {
		t.Fatalf("released and fast differ for %q:\n%#v\n%#v", data, want, got)
	}
}

func TestFastEqualsReleased(t *testing.T) {
	r := rand.New(rand.NewSource(1))

	for i := 0; i < 3000; i++ {
		doc := fastRandomDocument(r, 0)
		doc.Set("_id", fastRandomValue(r, 5))

		data, err := Marshal(doc)
		if err != nil {
			continue // a value sjson does not store
		}

		fastCompare(t, data)

		// the same text as PostgreSQL's jsonb gives it back: spaces after ':' and ','
		var spaced bytes.Buffer
		if err := json.Indent(&spaced, data, "", " "); err == nil {
			fastCompare(t, bytes.ReplaceAll(spaced.Bytes(), []byte("\n"), nil))
		}

		// broken texts: both refuse, or both read the same document
		for j := 0; j < 5; j++ {
			broken := append([]byte(nil), data...)
			broken[r.Intn(len(broken))] = "{}[]\",:0-.eE\\ xtn"[r.Intn(17)]
			fastCompare(t, broken)
		}

		fastCompare(t, data[:r.Intn(len(data))])
		fastCompare(t, append(append([]byte(nil), data...), ' '))
	}
}

// TestDroppingEqualsRemoving: UnmarshalDropping gives the document Unmarshal gives
// without the dropped top-level fields (_id is never dropped), also when a dropped
// value would not build (a schema type sjson does not know).
func TestDroppingEqualsRemoving(t *testing.T) {
	r := rand.New(rand.NewSource(2))

	for i := 0; i < 3000; i++ {
		doc := fastRandomDocument(r, 0)
		doc.Set("_id", fastRandomValue(r, 5))

		data, err := Marshal(doc)
		if err != nil {
			continue
		}

		keys := doc.Keys()
		dropped := map[string]struct{}{"_id": {}}
		for _, k := range keys {
			if r.Intn(2) == 0 {
				dropped[k] = struct{}{}
			}
		}

		drop := func(k string) bool { _, ok := dropped[k]; return ok }

		want, err := unmarshalReleased(data)
		if err != nil {
			continue // a text the released decoder refuses (a key sjson does not escape); TestFastEqualsReleased covers it
		}

		for k := range dropped {
			if k != "_id" {
				want.Remove(k)
			}
		}

		got, err := UnmarshalDropping(data, drop)
		if err != nil {
			t.Fatalf("dropping: %v for %q", err, data)
		}

		if !reflect.DeepEqual(want, got) {
			t.Fatalf("dropping %v differs for %q:\n%#v\n%#v", dropped, data, want, got)
		}
	}

	// a dropped field is stepped over, not built: an unknown type in its schema does not matter
	poisoned := []byte(`{"$s":{"$k":["_id","h","n"],"p":{"_id":{"t":"string"},"h":{"t":"bogus"},"n":{"t":"int"}}},"_id":"a","h":[{"x":1}],"n":1}`)
	if _, err := unmarshalReleased(poisoned); err == nil {
		t.Fatal("the released decoder reads an unknown type")
	}

	got, err := UnmarshalDropping(poisoned, func(k string) bool { return k == "h" })
	if err != nil {
		t.Fatalf("dropping h: %v", err)
	}

	if want := must.NotFail(types.NewDocument("_id", "a", "n", int32(1))); !reflect.DeepEqual(want, got) {
		t.Fatalf("dropping h: %#v", got)
	}
}

// TestFastEqualsReleasedOnRows compares every row of a file of stored documents, one JSON
// text per line (SJSON_ROWS, for example the output of sqlite3 on a hub's database).
func TestFastEqualsReleasedOnRows(t *testing.T) {
	path := os.Getenv("SJSON_ROWS")
	if path == "" {
		t.Skip("SJSON_ROWS not set")
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()

	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<26)

	var n int
	var released, fast time.Duration

	for sc.Scan() {
		line := sc.Bytes()
		start := time.Now()
		_, _ = unmarshalReleased(line)
		released += time.Since(start)
		start = time.Now()
		_, _ = unmarshalFast(line)
		fast += time.Since(start)

		fastCompare(t, line)
		n++
	}

	t.Logf("%d rows: released %v, fast %v", n, released, fast)
}
