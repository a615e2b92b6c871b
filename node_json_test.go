package chancery

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// referenceNode reads JsonML through encoding/json's generic values: the
// reading UnmarshalJSON must agree with.
func referenceNode(data []byte) (*Node, error) {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return nodeFromValue(v)
}

func nodeFromValue(v any) (*Node, error) {
	switch v := v.(type) {
	case string:
		return &Node{Text: v}, nil
	case []any:
		if len(v) == 0 {
			return nil, fmt.Errorf("empty element array")
		}
		name, ok := v[0].(string)
		if !ok || name == "" {
			return nil, fmt.Errorf("element name is %v", v[0])
		}
		n := &Node{Name: name}
		rest := v[1:]
		if len(rest) > 0 {
			if attrs, ok := rest[0].(map[string]any); ok {
				rest = rest[1:]
				for k, val := range attrs {
					s, _ := val.(string)
					n.Attrs = append(n.Attrs, Attr{Name: k, Value: s})
				}
				SortAttrs(n.Attrs)
			}
		}
		for _, c := range rest {
			cn, err := nodeFromValue(c)
			if err != nil {
				return nil, err
			}
			n.Children = append(n.Children, cn)
		}
		return n, nil
	}
	return nil, fmt.Errorf("unexpected JSON value %T", v)
}

var nodeJSONSeeds = []string{
	`"plain"`, `["p"]`, `["p",{"rend":"italic"},"a",["hi",{"rend":"x"},"b"]]`,
	`["p",{},"x"]`, `["p",{"n":1,"m":"2"},"x"]`, `["p",{"a":"1","a":"2"}]`,
	`"esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \ud800 \udc00x \u0000"`,
	`["a","b",{"x":"y"}]`, `[1]`, `[]`, `["", "x"]`, `["p",]`, `["p" "x"]`, `"unterminated`,
	` [ "p" , { "k" : "v" } , "t" ] `, `["p"] x`, "\"\xff\xfe\"", `["p",null]`, `{"a":1}`,
}

// TestNodeJSONReading compares UnmarshalJSON with the reference reading.
func TestNodeJSONReading(t *testing.T) {
	for _, s := range nodeJSONSeeds {
		compareNodeJSON(t, []byte(s))
	}
}

func compareNodeJSON(t *testing.T, data []byte) {
	t.Helper()
	want, werr := referenceNode(data)
	var got Node
	gerr := got.UnmarshalJSON(data)
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("%q: error %v, want error %v", data, gerr, werr)
	}
	if werr == nil && !reflect.DeepEqual(&got, want) {
		t.Fatalf("%q: read %#v, want %#v", data, &got, want)
	}
}

// FuzzNodeJSON checks UnmarshalJSON against the reference reading on
// arbitrary input, and that what it reads writes back the same.
func FuzzNodeJSON(f *testing.F) {
	for _, s := range nodeJSONSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		compareNodeJSON(t, data)
		var n Node
		if n.UnmarshalJSON(data) == nil {
			var m Node
			if err := m.UnmarshalJSON(n.AppendJSON(nil)); err != nil || !reflect.DeepEqual(&m, &n) {
				t.Fatalf("%q does not survive a round trip: %v", data, err)
			}
		}
	})
}

// BenchmarkNodeJSON reads a large node tree (the seed volume's golden
// record when present) with UnmarshalJSON and, as the baseline, through
// encoding/json's generic values.
func BenchmarkNodeJSON(b *testing.B) {
	data := benchNodeData(b)
	b.Run("UnmarshalJSON", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			var n Node
			if err := n.UnmarshalJSON(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-generic", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := referenceNode(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchNodeData(b *testing.B) []byte {
	raw, err := os.ReadFile(filepath.Join("tei", "testdata", "golden", "frus1961-63v05.json"))
	if err != nil {
		b.Fatal(err)
	}
	var v struct {
		Documents []struct {
			Body json.RawMessage `json:"body"`
		} `json:"documents"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		b.Fatal(err)
	}
	// One node holding every document's body.
	out := []byte(`["div"`)
	for _, d := range v.Documents {
		out = append(out, ',')
		out = append(out, d.Body...)
	}
	return append(out, ']')
}
