package dedupe

import (
	"testing"
)

// BenchmarkFind1M runs the whole check over 1,000,000 generated sites with
// 1,000 planted duplicates (the bar is 30 s on this machine).
// Generation is not timed.
func BenchmarkFind1M(b *testing.B) {
	s := Synthesize(SynthOptions{Sites: 999_000, Duplicates: 1000, Seed: 1, Unique: true})
	b.ResetTimer()
	var cands []Candidate
	for b.Loop() {
		cands = Find(s.Entries, Options{Aliases: SynthAliases})
	}
	b.StopTimer()
	p, r, _, _, _ := s.Evaluate(cands)
	b.ReportMetric(float64(len(cands)), "candidates")
	b.ReportMetric(p, "precision")
	b.ReportMetric(r, "recall")
}

// BenchmarkNameKeys measures folding one name of each script.
func BenchmarkNameKeys(b *testing.B) {
	n := &Normalizer{Aliases: testAliases}
	names := []string{"Huarong Seafood Processing Plant No. 7, Tumen", "圖們華榮水產有限公司", "투먼시 화영수산 공장"}
	for b.Loop() {
		for _, s := range names {
			n.tokens(s)
		}
	}
}

// BenchmarkFind200k is the same at a fifth of the size, for profiling.
func BenchmarkFind200k(b *testing.B) {
	s := Synthesize(SynthOptions{Sites: 199_800, Duplicates: 200, Seed: 1, Unique: true})
	b.ResetTimer()
	for b.Loop() {
		Find(s.Entries, Options{Aliases: SynthAliases})
	}
}
