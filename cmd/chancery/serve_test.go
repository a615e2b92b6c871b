package main

import "testing"

func TestParseBytes(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"1GiB", 1 << 30, false},
		{"512MiB", 512 << 20, false},
		{"512 MiB", 512 << 20, false},
		{"2GB", 2 << 30, false},
		{"100KiB", 100 << 10, false},
		{"4096", 4096, false},
		{"0", 0, false},
		{"", 0, true},
		{"GiB", 0, true},
		{"1TiB", 0, true},
		{"-1GiB", 0, true},
		{"1.5GiB", 0, true},
		{"99999999999999999999", 0, true},
		{"9999999999GiB", 0, true},
	}
	for _, tt := range tests {
		got, err := parseBytes(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("parseBytes(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}
