package reconcile

import (
	"testing"

	"github.com/siteatlas/siteatlas/internal/site"
)

// BenchmarkMerge merges the sample site edited on both sides (one
// conflict): a sync merges every site changed on both sides this way.
func BenchmarkMerge(b *testing.B) {
	base := tumen()
	mine, theirs := clone(base), clone(base)
	mine.Notes, theirs.Notes = "mine", "theirs"
	theirs.Status = site.StatusConfirmed
	theirs.Observations = append(theirs.Observations, site.Observation{ID: "o9", Date: "2019"})
	opts := Options{Withheld: Withheld{Confidential: true}}
	for b.Loop() {
		Merge(base, mine, theirs, opts)
	}
}

// BenchmarkContentHash hashes the sample site: a first sync or export
// hashes every site.
func BenchmarkContentHash(b *testing.B) {
	s := *tumen()
	for b.Loop() {
		ContentHash(s)
	}
}
