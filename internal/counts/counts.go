// Package counts writes counts as people read them: thousands set apart
// ("8,371") and the noun in the number it takes ("1 document", "2
// documents").
package counts

import "strconv"

// Thousands writes n with commas between groups of three digits.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3+1)
	if neg {
		out = append(out, '-')
	}
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// Of writes n and the noun: one when n is 1, else many ("1 document",
// "8,371 documents", "0 documents").
func Of(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Thousands(n) + " " + many
}
