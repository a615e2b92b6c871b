package hits

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/chancery-frus/chancery"
	"github.com/chancery-frus/chancery/query"
)

// budgetVocab: 600 words beginning "pa" (in 10 documents each), "common"
// in MaxPostings/4 documents, "rare" in one.
func budgetVocab() *Vocab {
	v := NewVocab(0)
	for i := range 600 {
		v.Add(fmt.Sprintf("pa%c%c", 'a'+i/26, 'a'+i%26), "", 10)
	}
	v.Add("common", "", MaxPostings/4)
	v.Add("rare", "", 1)
	return v.Done()
}

func TestCostOf(t *testing.T) {
	v := budgetVocab()
	tests := []struct {
		q    string
		want Cost
	}{
		{"rare", Cost{1, 1}},
		{"rare rare OR rare", Cost{1, 1}}, // a word is read once
		{`"rare common" -rare`, Cost{2, 1 + MaxPostings/4}},
		{"common -rare", Cost{2, 1 + MaxPostings/4}}, // words left out are read too
		{"pa*", Cost{MaxPrefixWords, 10 * MaxPrefixWords}},
		{"paa* pab*", Cost{52, 520}},
		{"=absent", Cost{1, 0}},
	}
	for _, tt := range tests {
		q, err := query.Parse(tt.q)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.q, err)
		}
		if got := CostOf(q, v); got != tt.want {
			t.Errorf("CostOf(%s) = %v, want %v", tt.q, got, tt.want)
		}
	}
	if got := CostOf(nil, v); got != (Cost{}) {
		t.Errorf("CostOf(nil) = %v, want nothing", got)
	}
}

func TestCostCheck(t *testing.T) {
	v := NewVocab(0)
	// Ten prefixes of 512 words: over the word budget.
	for p := 'a'; p < 'k'; p++ {
		for i := range MaxPrefixWords {
			v.Add(fmt.Sprintf("%c%c%c", p, 'a'+i/26, 'a'+i%26), "", 1)
		}
	}
	v.Add("often", "", MaxPostings/2)
	v.Add("usual", "", MaxPostings/2)
	v.Add("mostly", "", MaxPostings/2)
	v.Done()
	tests := []struct {
		q    string
		want string // in the message; "" for none
	}{
		{"a* b* c*", ""},
		{"a* b* c* d* e* f* g* h*", ""}, // 4,096 words: the whole budget
		{"a* b* c* d* e* f* g* h* i* j*", "5,120 words of the index, more than the 4,096"},
		{"often usual", ""},
		{"often usual mostly", "4,500,000 times, more than the 3,000,000"},
	}
	for _, tt := range tests {
		q, err := query.Parse(tt.q)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.q, err)
		}
		err = CostOf(q, v).Check()
		var bad *chancery.BadRequestError
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CostOf(%s).Check() = %v, want nil", tt.q, err)
		case tt.want != "" && (!errors.As(err, &bad) || !strings.Contains(bad.Msg, tt.want)):
			t.Errorf("CostOf(%s).Check() = %v, want a *chancery.BadRequestError saying %q", tt.q, err, tt.want)
		}
	}
}
