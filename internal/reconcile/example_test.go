package reconcile_test

import (
	"fmt"

	"github.com/siteatlas/siteatlas/internal/reconcile"
	"github.com/siteatlas/siteatlas/internal/site"
)

// A colleague returns the file she was given: she confirmed the site and
// added an observation; here the operator was found; both rewrote the
// notes.
func ExampleMerge() {
	base := &site.Site{ID: "s", Name: "Tumen complex", Status: site.StatusReported, Notes: "one compound"}
	mine := *base
	mine.Operator = "Tumen Textiles"
	mine.Notes = "one compound, five factories"
	theirs := *base
	theirs.Status = site.StatusConfirmed
	theirs.Notes = "one compound and a dormitory"
	theirs.Observations = []site.Observation{{ID: "o1", Date: "2019-03", Note: "new dormitory"}}

	r := reconcile.Merge(base, &mine, &theirs, reconcile.Options{Withheld: reconcile.Withheld{Confidential: true}})
	fmt.Println(r.Summary)
	fmt.Println(r.Site.Status, r.Site.Operator, len(r.Site.Observations))
	for _, c := range r.Conflicts {
		fmt.Printf("%s: mine %q, theirs %q\n", c.Label, c.Mine, c.Theirs)
	}
	_ = reconcile.Resolve(&r, 0, reconcile.Both)
	fmt.Printf("%q\n", r.Site.Notes)
	// Output:
	// 1 field taken from theirs, 1 observation added from theirs, 1 conflict
	// confirmed Tumen Textiles 1
	// Notes: mine "one compound, five factories", theirs "one compound and a dormitory"
	// "one compound, five factories\none compound and a dormitory"
}
