//go:build cgo && expat

package expat

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		doc      string
		elements int
		err      string // a part of the error expected; "" for none
	}{
		{
			name:     "well-formed",
			doc:      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI><text><body><div type=\"document\"><p>one</p><p>two</p></div></body></text></TEI>\n",
			elements: 6,
		},
		{
			name:     "byte order mark and namespaces",
			doc:      "\ufeff<TEI xmlns=\"http://www.tei-c.org/ns/1.0\"><p/></TEI>",
			elements: 2,
		},
		{
			name: "mismatched tag",
			doc:  "<TEI>\n<text>\n<p>one</div>\n</text>\n</TEI>\n",
			err:  "line 3: mismatched tag",
		},
		{
			name: "unclosed",
			doc:  "<TEI>\n<p>one</p>\n",
			err:  "line 3: no element found",
		},
		{
			name: "empty",
			doc:  "",
			err:  "line 1: no element found",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse([]byte(tt.doc))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Parse = %d, %v; want an error with %q", n, err, tt.err)
				}
				return
			}
			if err != nil || n != tt.elements {
				t.Fatalf("Parse = %d, %v; want %d elements", n, err, tt.elements)
			}
		})
	}
}
