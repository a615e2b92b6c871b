package tei

import (
	"testing"
	"time"
)

func TestParseW3C(t *testing.T) {
	tests := []struct {
		in       string
		min, max string // RFC 3339 in UTC; "" means an error
	}{
		{"1936-02-13", "1936-02-13T05:00:00Z", "1936-02-14T04:59:59Z"},
		{"1962-10-18T17:00:00-05:00", "1962-10-18T22:00:00Z", "1962-10-18T22:00:00Z"},
		{"1962-10-18T22:00:00Z", "1962-10-18T22:00:00Z", "1962-10-18T22:00:00Z"},
		{"1872-05-25T15:00:00", "1872-05-25T20:00:00Z", "1872-05-25T20:00:00Z"},
		{"1962-10-19T14:00:00+03:00", "1962-10-19T11:00:00Z", "1962-10-19T11:00:00Z"},
		{"1861-06", "1861-06-01T05:00:00Z", "1861-07-01T04:59:59Z"},
		{"1895", "1895-01-01T05:00:00Z", "1896-01-01T04:59:59Z"},
		{"1863-11-19T00:00:00-05:00", "1863-11-19T05:00:00Z", "1863-11-19T05:00:00Z"},
		{"--09-07", "", ""},
		{"1962-02-30", "", ""},
		{"1962-13", "", ""},
		{"1962-10-18T25:00", "", ""},
		{"soon", "", ""},
	}
	for _, tt := range tests {
		lo, hi, err := ParseW3C(tt.in)
		if tt.min == "" {
			if err == nil {
				t.Errorf("ParseW3C(%q) = %v, %v; want an error", tt.in, lo, hi)
			}
			continue
		}
		if err != nil || lo.Format(time.RFC3339) != tt.min || hi.Format(time.RFC3339) != tt.max {
			t.Errorf("ParseW3C(%q) = %s, %s, %v; want %s, %s", tt.in, lo.Format(time.RFC3339), hi.Format(time.RFC3339), err, tt.min, tt.max)
		}
	}
}

func TestParseDateText(t *testing.T) {
	tests := []struct {
		in       string
		min, max string // "" means no date found
	}{
		{"London, March 26, 1936—noon.", "1936-03-26T17:00:00Z", "1936-03-26T17:00:59Z"},
		{"Washington, October 18, 1962, 5 p.m.", "1962-10-18T22:00:00Z", "1962-10-18T22:00:59Z"},
		{"Tokyo, Oct. 3, 1934, 10:30 a. m.", "1934-10-03T15:30:00Z", "1934-10-03T15:30:59Z"},
		{"Legation of the United States, Paris, July —, 1877.", "1877-07-01T05:00:00Z", "1877-08-01T04:59:59Z"},
		{"Washington, January 3, 1866.", "1866-01-03T05:00:00Z", "1866-01-04T04:59:59Z"},
		{"Peking, 26th of March, 1901.", "1901-03-26T05:00:00Z", "1901-03-27T04:59:59Z"},
		{"Lima, 3 de Abril de 1934", "1934-01-01T05:00:00Z", "1935-01-01T04:59:59Z"},
		{"Department of State, midnight, June 1, 1930", "1930-06-01T05:00:00Z", "1930-06-02T04:59:59Z"},
		{"Yokei, the 7th of the 9th month.", "", ""},
	}
	for _, tt := range tests {
		lo, hi, ok, err := parseDateText(tt.in)
		if err != nil {
			t.Errorf("parseDateText(%q): %v", tt.in, err)
			continue
		}
		if tt.min == "" {
			if ok {
				t.Errorf("parseDateText(%q) = %v, %v; want no date", tt.in, lo, hi)
			}
			continue
		}
		if !ok || lo.Format(time.RFC3339) != tt.min || hi.Format(time.RFC3339) != tt.max {
			t.Errorf("parseDateText(%q) = %s, %s, %v; want %s, %s", tt.in, lo.Format(time.RFC3339), hi.Format(time.RFC3339), ok, tt.min, tt.max)
		}
	}
	if _, _, _, err := parseDateText("February 30, 1936"); err == nil {
		t.Error("February 30 accepted")
	}
}

func FuzzParseDateText(f *testing.F) {
	for _, s := range []string{"March 26, 1936—noon", "July —, 1877", "26th of March, 1901, 5 p.m.", "1962-10-18"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lo, hi, ok, err := parseDateText(s)
		if ok && err == nil && hi.Before(lo) {
			t.Fatalf("parseDateText(%q) = %v after %v", s, lo, hi)
		}
		if lo, hi, err := ParseW3C(s); err == nil && hi.Before(lo) {
			t.Fatalf("ParseW3C(%q) = %v after %v", s, lo, hi)
		}
	})
}
