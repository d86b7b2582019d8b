package dedupe

import (
	"testing"
	"time"
)

// TestEvaluation scores Find on a generated set with planted duplicates
// across scripts and distractors; precision and recall must both reach 0.9.
func TestEvaluation(t *testing.T) {
	s := Synthesize(SynthOptions{Sites: 6000, Duplicates: 600, Seed: 17, Unique: true})
	start := time.Now()
	cands := Find(s.Entries, Options{Aliases: SynthAliases})
	took := time.Since(start)
	p, r, tp, fp, fn := s.Evaluate(cands)
	t.Logf("%d entries: %d candidates in %v; precision %.3f recall %.3f (tp %d, fp %d, fn %d)",
		len(s.Entries), len(cands), took, p, r, tp, fp, fn)
	if testing.Verbose() {
		logMisses(t, s, cands)
	}
	if p < 0.9 || r < 0.9 {
		t.Errorf("precision %.3f, recall %.3f: want both ≥ 0.9", p, r)
	}
}

// logMisses shows a few false positives and missed pairs, for tuning.
func logMisses(t *testing.T, s Synthetic, cands []Candidate) {
	idx := map[string]int{}
	for i, e := range s.Entries {
		idx[e.ID] = i
	}
	found := map[[2]int]bool{}
	shown := 0
	for _, c := range cands {
		a, b := idx[c.A], idx[c.B]
		found[[2]int{a, b}], found[[2]int{b, a}] = true, true
		if s.Identity[a] != s.Identity[b] && shown < 15 {
			shown++
			t.Logf("FP %.2f %q", c.Score, c.Reasons)
		}
	}
	byID := map[int32][]int{}
	for i, id := range s.Identity {
		byID[id] = append(byID[id], i)
	}
	shown = 0
	for _, g := range byID {
		for i := range g {
			for j := i + 1; j < len(g); j++ {
				if !found[[2]int{g[i], g[j]}] && shown < 25 {
					shown++
					a, b := s.Entries[g[i]], s.Entries[g[j]]
					t.Logf("FN %q (%s %.0f) ~ %q (%s %.0f)", a.Names, a.Category, a.Radius, b.Names, b.Category, b.Radius)
				}
			}
		}
	}
}
