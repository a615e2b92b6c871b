package counts

import "testing"

func TestCounts(t *testing.T) {
	tests := []struct {
		n           int
		thousands   string
		ofDocuments string
	}{
		{0, "0", "0 documents"},
		{1, "1", "1 document"},
		{2, "2", "2 documents"},
		{999, "999", "999 documents"},
		{1000, "1,000", "1,000 documents"},
		{8371, "8,371", "8,371 documents"},
		{318098, "318,098", "318,098 documents"},
		{1234567, "1,234,567", "1,234,567 documents"},
		{-4500, "-4,500", "-4,500 documents"},
	}
	for _, tt := range tests {
		if got := Thousands(tt.n); got != tt.thousands {
			t.Errorf("Thousands(%d) = %q, want %q", tt.n, got, tt.thousands)
		}
		if got := Of(tt.n, "document", "documents"); got != tt.ofDocuments {
			t.Errorf("Of(%d) = %q, want %q", tt.n, got, tt.ofDocuments)
		}
	}
}
