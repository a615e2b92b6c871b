package tei

import "testing"

// FuzzTypeWords: passing over the rules whose words a text does not hold
// never changes the type read from it.
func FuzzTypeWords(f *testing.F) {
	for _, s := range []string{
		"Memorandum of Conversation", "Mr. Adams to Mr. Seward", "The Secretary of State to the Chargé in France",
		"Telegram From the Embassy in the Soviet Union to the Department of State", "Editorial Note",
		"Note Verbale", "Aide-Mémoire", "Record of Meeting", "National Intelligence Estimate", "Paper Prepared in the Department",
		"Circular Instruction", "Despatch No. 12", "Treaty of Peace", "Statement by the President", "Report", "Letters",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := matchType(s, true), matchType(s, false); got != want {
			t.Errorf("%q: %s with the rules' words, %s without", s, got, want)
		}
	})
}
