package engine

import (
	"sort"
	"strings"
)

// Phrases of common words are the costliest searches: "secretary of
// state" or "of the" would decode the positions of words found in nearly
// every document. The index holds, beside each word's postings, those of
// every pair of common words standing together in a field — "secretary
// of", "of state" — as a word of its own (the two words and a space,
// which no indexed word holds), at the first word's positions. A phrase
// reads a pair where two of its common words meet, and the words no pair
// covers, and matches them at their offsets: the same documents, counts
// and scores, from lists a fraction of the length. Only pairs of common
// words are kept, so that they add at most numCommon² words to the
// vocabulary; a common word beside a rarer one is matched from the rarer
// word's documents, which are few.

// commonWords are the words a pair is made of: the 128 words held by most
// documents of the series (the twenty volumes of 1861–1936 of the shared
// corpus, in which each is in a fifth of the documents or more), in
// order. A change to the list changes the index: it needs a migration
// that indexes the stored volumes again.
var commonWords = [...]string{
	"1", "2", "3", "4", "5", "6", "a", "affairs", "after", "all", "also",
	"am", "american", "an", "and", "any", "are", "as", "at", "be", "been",
	"before", "being", "between", "british", "but", "by", "c", "can",
	"case", "copy", "could", "department", "do", "for", "foreign", "from",
	"further", "general", "government", "great", "had", "has", "have", "he",
	"him", "his", "honor", "i", "if", "in", "information", "into", "is",
	"it", "its", "last", "legation", "m", "made", "make", "matter", "may",
	"me", "minister", "more", "mr", "my", "no", "not", "now", "of", "on",
	"one", "only", "or", "other", "our", "out", "p", "part", "present",
	"president", "question", "received", "s", "same", "secretary", "should",
	"sir", "so", "some", "state", "states", "subject", "such", "take",
	"telegram", "that", "the", "their", "them", "there", "these", "they",
	"this", "time", "to", "two", "under", "united", "upon", "very", "view",
	"war", "was", "washington", "we", "were", "when", "which", "who",
	"will", "with", "without", "would", "you", "your",
}

const numCommon = len(commonWords)

// commonIndex returns w's number among the common words, or -1.
func commonIndex(w string) int {
	i := sort.SearchStrings(commonWords[:], w)
	if i < numCommon && commonWords[i] == w {
		return i
	}
	return -1
}

// pairWord returns the indexed word of a pair of common words.
func pairWord(a, b int) string { return commonWords[a] + " " + commonWords[b] }

// IsPair reports whether an indexed word is a pair of common words. The
// vocabulary holds words only: no term expands to a pair, and a store
// keeps no count of a pair's documents (Corpus.Docs bounds it).
func IsPair(word string) bool { return strings.IndexByte(word, ' ') >= 0 }

// PairLike is the SQL LIKE pattern of the pairs' spelling, for a store's
// queries that leave them out.
const PairLike = "% %"

// pairDocs returns an upper bound of the documents holding a pair: those
// of the rarer of its words, as docs gives them.
func pairDocs(pair string, docs func(string) int) int {
	a, b, _ := strings.Cut(pair, " ")
	return min(docs(a), docs(b))
}

// unit is what a phrase matches at an offset from its start: a word, or
// a pair of common words.
type unit struct {
	word string
	at   int
}

// phraseUnits returns the units a phrase of words is matched by: a pair
// wherever two common words follow each other, and each word no pair
// covers. A phrase of words within slop of each other in any order
// (slop > 0) is matched word by word.
func phraseUnits(words []string, slop int) []unit {
	units := make([]unit, 0, len(words))
	covered := make([]bool, len(words))
	if slop == 0 {
		for i := 0; i+1 < len(words); i++ {
			a, b := commonIndex(words[i]), commonIndex(words[i+1])
			if a >= 0 && b >= 0 {
				units = append(units, unit{pairWord(a, b), i})
				covered[i], covered[i+1] = true, true
			}
		}
	}
	for i, w := range words {
		if !covered[i] {
			units = append(units, unit{w, i})
		}
	}
	sort.SliceStable(units, func(a, b int) bool { return units[a].at < units[b].at })
	return units
}
