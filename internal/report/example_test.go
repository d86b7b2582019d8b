package report_test

import (
	"image"
	"os"

	"github.com/siteatlas/siteatlas/internal/report"
	"github.com/siteatlas/siteatlas/internal/site"
)

// The caller applies the export profile and strips photo metadata first;
// the report prints what it is given.
func ExampleWrite() {
	var sites []site.Site // already redacted for the "Public" profile
	var overview image.Image
	f, err := os.CreateTemp("", "report-*.pdf")
	if err != nil {
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	_ = report.Write(f, sites, report.Options{
		Title:       "Dispatched labour in Tumen and Hunchun",
		Author:      "A. Researcher",
		Date:        "4 December 2026",
		ProfileName: "Public",
		OverviewMap: overview, // nil leaves the overview page out
		Thumbnails: func(s site.Site) []image.Image {
			return nil // e.g. report.JPEG(strippedBytes) per photo
		},
	})
}
