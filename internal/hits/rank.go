package hits

import "sort"

// Scored is a matching document and its BM25 score.
type Scored struct {
	Row   int64
	Score float64
}

// TopK returns the first k of hits in the order less, sorted, keeping a
// bounded heap rather than sorting every hit.
func TopK(hits []Scored, k int, less func(a, b Scored) bool) []Scored {
	if k >= len(hits) {
		out := append([]Scored(nil), hits...)
		sort.Slice(out, func(i, j int) bool { return less(out[i], out[j]) })
		return out
	}
	h := make([]Scored, 0, k) // a max-heap: the worst kept is h[0]
	for _, x := range hits {
		if len(h) < k {
			h = append(h, x)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !less(h[p], h[i]) {
					break
				}
				h[p], h[i] = h[i], h[p]
				i = p
			}
			continue
		}
		if !less(x, h[0]) {
			continue
		}
		h[0] = x
		for i := 0; ; {
			l, worst := 2*i+1, i
			if l < len(h) && less(h[worst], h[l]) {
				worst = l
			}
			if r := l + 1; r < len(h) && less(h[worst], h[r]) {
				worst = r
			}
			if worst == i {
				break
			}
			h[i], h[worst] = h[worst], h[i]
			i = worst
		}
	}
	sort.Slice(h, func(i, j int) bool { return less(h[i], h[j]) })
	return h
}
