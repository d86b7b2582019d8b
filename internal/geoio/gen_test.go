package geoio

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// testSites makes n varied, valid sites deterministically: every geometry
// type, every field, Extra values of every JSON kind, awkward text.
func testSites(n int) []site.Site {
	r := rand.New(rand.NewPCG(7, 11))
	names := []string{"图们 Garment Factory No. 3", "훈춘 수산물 가공공장", "Ningbo \"Ryugyong\" Restaurant",
		"Line\nbreak\tand \\ backslash", "Control \x01 char", "Plain name", "سلام", "Emoji 🏭 site"}
	out := make([]site.Site, n)
	for i := range out {
		lon := 129.0 + r.Float64()
		lat := 42.0 + r.Float64()
		s := site.Site{
			ID:   fmt.Sprintf("%08x-0000-4000-8000-%012x", i, r.Uint64()&0xffffffffffff),
			Name: names[i%len(names)],
		}
		switch i % 9 {
		case 0, 1, 2:
			s.Geometry = orb.Point{lon, lat}
		case 3:
			s.Geometry = orb.Polygon{
				{{lon, lat}, {lon + 0.01, lat}, {lon + 0.01, lat + 0.01}, {lon, lat + 0.01}, {lon, lat}},
				{{lon + 0.002, lat + 0.002}, {lon + 0.002, lat + 0.004}, {lon + 0.004, lat + 0.004}, {lon + 0.004, lat + 0.002}, {lon + 0.002, lat + 0.002}},
			}
		case 4:
			s.Geometry = orb.MultiPolygon{
				{{{lon, lat}, {lon + 0.01, lat}, {lon, lat + 0.01}, {lon, lat}}},
				{{{lon + 1, lat}, {lon + 1.01, lat}, {lon + 1, lat + 0.01}, {lon + 1, lat}}},
			}
		case 5:
			s.Geometry = orb.LineString{{lon, lat}, {lon + 0.1, lat - 0.1}, {-180, 90}}
		case 6:
			s.Geometry = orb.Collection{orb.Point{lon, lat}, orb.MultiLineString{{{1, 2}, {3, 4}}}, orb.MultiPoint{{0.1, -0.000001}, {180, -90}}}
		case 7:
			// unplaced
		case 8:
			s.Geometry = orb.Point{-0.1234567890123, 1e-7}
		}
		if i%2 == 0 {
			s.Aliases = []string{"Tumen", "두만강", "図們"}
			s.Category = site.Categories[i%len(site.Categories)]
			s.Status = site.Statuses[i%len(site.Statuses)]
			s.Precision = site.Precisions[i%len(site.Precisions)]
			s.City, s.Province, s.Country = "Tumen", "Jilin", "CN"
			s.Operator = "Hunchun Pacific Industry Co."
			w := i * 10
			s.WorkersEstimate = &w
			s.FirstReported, s.LastReported = "2016", "2017-05-14"
			s.Tags = []string{"seafood", "dispatched labour"}
			s.Notes = "据报道，该厂雇用朝鲜派遣工人约两百名。"
			s.ConfidentialNotes = "Contact: K., interviewed 2019."
			s.Confidential = i%4 == 0
			s.Sources = []site.Source{
				{ID: "src-1", Title: "Report", Publisher: "NK News", URL: "https://example.org/a?b=c&d", Published: "2017-05", Accessed: "2025-03-01",
					Excerpt: "workers \"seen\"", Reliability: "B", Credibility: 2, Confidential: true},
				{Title: "Interview"},
			}
			s.Observations = []site.Observation{
				{ID: "obs-1", Date: "2017", Status: site.StatusReported, Note: "buses", SourceID: "src-1", Confidential: true},
				{Date: "2018-02"},
			}
			s.Created = time.Date(2024, 1, 2, 3, 4, 5, 123456789, time.UTC)
			s.Updated = time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC)
		}
		if i%3 == 0 {
			s.Extra = map[string]json.RawMessage{
				"marker-color": json.RawMessage(`"#ff0000"`),
				"natlscale":    json.RawMessage(`5.0`),
				"nested":       json.RawMessage(`{"this":"that","n":[1,2.50,null,true]}`),
				"ne_id":        json.RawMessage(`1730087247`),
				"名前":           json.RawMessage(`"サンリオ"`),
				"empty":        json.RawMessage(`""`),
				"nothing":      json.RawMessage(`null`),
				"original_id":  json.RawMessage(`17`),
			}
		}
		// An export writes no more decimals than the precision supports:
		// the float edge cases keep theirs by stating none, the others sit
		// where their precision can say.
		if i%9 == 8 {
			s.Precision = ""
		}
		s.Geometry = exportGeometry(&s)
		out[i] = s
	}
	return out
}
