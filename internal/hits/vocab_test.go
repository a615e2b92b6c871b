package hits

import (
	"reflect"
	"testing"
)

func testVocab() *Vocab {
	v := NewVocab(0)
	for w, n := range map[string]int{"ban": 40, "bans": 12, "banned": 7, "banning": 3, "treaty": 90, "treaties": 30, "arbitration": 5, "arbitrate": 2, "of": 100} {
		v.Add(w, "", n)
	}
	return v.Done()
}

func TestVocab(t *testing.T) {
	v := testVocab()
	for _, c := range []struct {
		got, want []string
	}{
		{v.Variants("ban"), []string{"ban", "bans", "banned", "banning"}},
		{v.Variants("treaty"), []string{"treaty", "treaties"}},
		{v.Match("ba?", false), []string{"ban"}},
		{v.Prefixed("arbitrat", 10), []string{"arbitration", "arbitrate"}},
		{v.Frequent(50), []string{"of", "treaty"}},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("got %v, want %v", c.got, c.want)
		}
	}
	if v.Docs("bans") != 12 || v.Docs("cuba") != 0 {
		t.Errorf("Docs: bans %d, cuba %d", v.Docs("bans"), v.Docs("cuba"))
	}
}

func TestVocabEncoding(t *testing.T) {
	v := testVocab()
	back, err := DecodeVocab(v.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, v) {
		t.Errorf("round trip: %+v, want %+v", back, v)
	}
	for _, bad := range [][]byte{nil, {9}, {vocabFormat, 5}, {vocabFormat, 1, 3, 'a'}} {
		if _, err := DecodeVocab(bad); err == nil {
			t.Errorf("%v decoded", bad)
		}
	}
}

func FuzzDecodeVocab(f *testing.F) {
	f.Add(testVocab().Encode())
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := DecodeVocab(b)
		if err != nil {
			return
		}
		again, err := DecodeVocab(v.Encode())
		if err != nil || !reflect.DeepEqual(again.terms, v.terms) {
			t.Fatalf("re-encoding failed: %v", err)
		}
	})
}
