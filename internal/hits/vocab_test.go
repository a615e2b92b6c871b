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
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("got %v, want %v", c.got, c.want)
		}
	}
	if v.Docs("bans") != 12 || v.Docs("cuba") != 0 {
		t.Errorf("Docs: bans %d, cuba %d", v.Docs("bans"), v.Docs("cuba"))
	}
}
