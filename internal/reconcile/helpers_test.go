package reconcile

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/site"
)

func intp(n int) *int { return &n }

// tumen is the running example: a site as exported to a colleague.
func tumen() *site.Site {
	taken := time.Date(2018, 5, 14, 9, 30, 0, 0, time.UTC)
	return &site.Site{
		ID:              "a1b2c3",
		Name:            "North Korean industrial complex, Tumen",
		Aliases:         []string{"图们 朝鲜工业园区"},
		Category:        "industrial_complex",
		Status:          site.StatusReported,
		Geometry:        orb.Point{129.8428, 42.9712},
		Precision:       site.PrecisionApproximate,
		City:            "Tumen",
		Province:        "Jilin",
		Country:         "CN",
		Operator:        "",
		WorkersEstimate: intp(2000),
		FirstReported:   "2016",
		LastReported:    "2018-05",
		Tags:            []string{"dispatched-labor", "textiles"},
		Notes:           "Several factories inside one compound.",
		Extra:           map[string]json.RawMessage{"marker-color": json.RawMessage(`"#ff0000"`)},
		Sources: []site.Source{
			{ID: "s1", Title: "Daily NK report", Publisher: "Daily NK", Published: "2017-05", Reliability: "B", Credibility: 2},
			{ID: "s2", Title: "Interview", Confidential: true, Excerpt: "told us in person"},
		},
		Observations: []site.Observation{
			{ID: "o1", Date: "2017-05", Status: site.StatusReported, Note: "about 2000 workers", SourceID: "s1"},
			{ID: "o2", Date: "2018-02", Note: "informant saw buses", SourceID: "s2"},
			{ID: "o3", Date: "2018-05", Note: "gate photographed", SourceID: "s2", Confidential: true},
		},
		Attachments: []site.Attachment{
			{ID: "a1", FileName: "gate.jpg", MediaType: "image/jpeg", Size: 1234, Caption: "gate", TakenAt: &taken},
		},
		Created: time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC),
		Updated: time.Date(2018, 6, 1, 0, 0, 0, 0, time.UTC),
	}
}

// exported is what a colleague receives of s under a profile without
// confidential data.
func exported(t *testing.T, s *site.Site) *site.Site {
	t.Helper()
	out, _, ok := site.Redact(*s)
	if !ok {
		return nil
	}
	out.Geometry = site.RoundToPrecision(out.Geometry, out.Precision)
	return clone(&out)
}

func fieldsOf(cs []Conflict) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Field)
	}
	return out
}
