package web

import (
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
)

// outline is a volume whose outline takes about size bytes.
func outline(id string, size int) *chancery.Volume {
	return &chancery.Volume{ID: id, Structure: []chancery.Division{{ID: "ch1", Head: strings.Repeat("x", size)}}}
}

// TestVolumeCacheBytes: the volumes' outlines kept stay within their byte
// budget, the least recently read going first; one too large is not kept.
func TestVolumeCacheBytes(t *testing.T) {
	steps := []struct {
		put  string
		size int
		kept []string
		gone []string
	}{
		{put: "a", size: volumeMaxBytes / 2, kept: []string{"a"}},
		{put: "huge", size: volumeMaxBytes + 1, kept: []string{"a"}, gone: []string{"huge"}},
		{put: "b", size: volumeMaxBytes / 2, kept: []string{"a", "b"}},
	}
	var c volumeCache
	c.reset(1)
	for i, s := range steps {
		c.put(s.put, outline(s.put, s.size), volumeProse{})
		for _, id := range s.kept {
			if _, ok := c.vols[id]; !ok {
				t.Errorf("step %d: %s not kept", i, id)
			}
		}
		for _, id := range s.gone {
			if _, ok := c.vols[id]; ok {
				t.Errorf("step %d: %s kept", i, id)
			}
		}
	}
	// Fill the cache, reading a on the way: past the budget b, the least
	// recently read, goes first; a stays.
	for i := 0; c.bytes+volumeMaxBytes/2 <= volumeCacheBytes; i++ {
		c.clock++
		c.vols["a"].used = c.clock // a is read
		c.put("fill"+string(rune('A'+i%26))+strings.Repeat("z", i/26), outline("f", volumeMaxBytes/2), volumeProse{})
	}
	c.clock++
	c.vols["a"].used = c.clock
	c.put("last", outline("last", volumeMaxBytes/2), volumeProse{})
	if _, ok := c.vols["b"]; ok {
		t.Error("the least recently read volume was kept past the budget")
	}
	if _, ok := c.vols["a"]; !ok {
		t.Error("the most recently read volume was dropped")
	}
	if c.bytes > volumeCacheBytes {
		t.Errorf("%d bytes kept, budget %d", c.bytes, volumeCacheBytes)
	}
	sum := 0
	for _, e := range c.vols {
		sum += e.size
	}
	if sum != c.bytes {
		t.Errorf("the cache counts %d bytes, its entries hold %d", c.bytes, sum)
	}
}

// TestVolumeBytes: a volume's estimate grows with its strings and parts.
func TestVolumeBytes(t *testing.T) {
	small := volumeBytes(outline("v", 10))
	tests := []struct {
		name string
		v    *chancery.Volume
		more int // at least this much over small
	}{
		{"a long head", outline("v", 10010), 10000},
		{"persons", &chancery.Volume{ID: "v", Structure: outline("v", 10).Structure, Persons: make([]chancery.Person, 100)}, 100 * 32},
		{"prose", &chancery.Volume{ID: "v", Structure: []chancery.Division{{ID: "ch1", Head: strings.Repeat("x", 10),
			Content: &chancery.Node{Name: "p", Text: strings.Repeat("y", 5000)}}}}, 5000},
	}
	for _, tt := range tests {
		if got := volumeBytes(tt.v); got < small+tt.more {
			t.Errorf("%s: %d bytes, want at least %d", tt.name, got, small+tt.more)
		}
	}
}
