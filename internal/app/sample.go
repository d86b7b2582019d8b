package app

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// The sample project: the sites named in the Daily NK report this project
// started from. Locations are city centres at city precision, because the
// report names cities, not addresses; nothing more exact may be invented.
// The report is undated in the text; it was written after UNSC resolution
// 2397 (22 December 2017), so no published date is recorded.
var (
	tumen   = orb.Point{129.8436, 42.9672} // Tumen city centre, Jilin
	hunchun = orb.Point{130.3653, 42.8625} // Hunchun city centre, Jilin
	ningbo  = orb.Point{121.5440, 29.8683} // Ningbo city centre, Zhejiang
)

const (
	sampleReportID1 = "2b0f6d9e-3c1a-4f5e-9b7d-1a2c3d4e5f60"
	sampleReportID2 = "2b0f6d9e-3c1a-4f5e-9b7d-1a2c3d4e5f64"
	sampleReportID3 = "2b0f6d9e-3c1a-4f5e-9b7d-1a2c3d4e5f65"
	sampleReportID4 = "2b0f6d9e-3c1a-4f5e-9b7d-1a2c3d4e5f66"
	sampleTumenSrc  = "2b0f6d9e-3c1a-4f5e-9b7d-1a2c3d4e5f61"
	sampleHunchSrc  = "2b0f6d9e-3c1a-4f5e-9b7d-1a2c3d4e5f62"
	sampleSignsSrc  = "2b0f6d9e-3c1a-4f5e-9b7d-1a2c3d4e5f63"
	sampleNoteAfter = "The report gives no date; it was written after UNSC resolution 2397 (22 December 2017)."
)

func dailyNK(id, excerpt string) site.Source {
	return site.Source{
		ID:        id,
		Title:     "North Korean laborers abroad under increased scrutiny",
		Publisher: "Daily NK",
		Excerpt:   excerpt,
	}
}

func informant(id, who string) site.Source {
	return site.Source{
		ID:           id,
		Title:        who + " (quoted anonymously by Daily NK)",
		Publisher:    "Daily NK",
		Excerpt:      "Name redacted for safety of source.",
		Confidential: true,
	}
}

// SampleSites returns the sample project, with fixed IDs so that installing
// it twice never duplicates it.
func SampleSites() []site.Site {
	return []site.Site{
		{
			ID:        "6a1e4c1e-0d3b-4c59-8a2f-5b0e7d9c1a01",
			Name:      "North Korean industrial complex, Tumen",
			Aliases:   []string{"图们 朝鲜工业园区", "투먼 북한 공업단지"},
			Category:  "industrial_complex",
			Status:    site.StatusReported,
			Geometry:  tumen,
			Precision: site.PrecisionCity,
			City:      "Tumen", Province: "Jilin", Country: "CN",
			FirstReported: "2017-05",
			Tags:          []string{"dispatched laborers", "UNSC 2397"},
			Notes:         "Located at the city centre: the report does not say where in Tumen the complex is. " + sampleNoteAfter,
			Sources: []site.Source{
				dailyNK(sampleReportID1, "Signs once indicated the location of the North Korean industrial complex in Tumen City, Jilin, China."),
				informant(sampleSignsSrc, "A separate source in Tumen"),
			},
			Observations: []site.Observation{
				{ID: "7c2f5d2f-1e4c-4d6a-9b3a-6c1f8e0d2b01", Date: "2017-05", Status: site.StatusReported,
					Note: "Road signs with blue backgrounds and white text point to the North Korean industrial section (Daily NK photo, May 2017).", SourceID: sampleReportID1},
				{ID: "7c2f5d2f-1e4c-4d6a-9b3a-6c1f8e0d2b02", Status: site.StatusReported,
					Note: "The road signs to the North Korean industrial complex have been removed, perhaps to draw attention away after the sanctions. " + sampleNoteAfter, SourceID: sampleSignsSrc},
			},
		},
		{
			ID:        "6a1e4c1e-0d3b-4c59-8a2f-5b0e7d9c1a02",
			Name:      "Factory employing North Korean laborers, Tumen",
			Aliases:   []string{"图们 工厂"},
			Category:  "factory",
			Status:    site.StatusReported,
			Geometry:  tumen,
			Precision: site.PrecisionCity,
			City:      "Tumen", Province: "Jilin", Country: "CN",
			FirstReported: "2017-05",
			Tags:          []string{"dispatched laborers", "confinement"},
			Notes:         "The factory's name is redacted in the report for the safety of the source. " + sampleNoteAfter,
			Sources: []site.Source{
				dailyNK(sampleReportID2, "At a factory [name redacted for safety of source] in Tumen, China, North Korean laborers are completely confined to the facilities."),
				informant(sampleTumenSrc, "A source in Tumen City close to North Korean affairs"),
			},
			Observations: []site.Observation{
				{ID: "7c2f5d2f-1e4c-4d6a-9b3a-6c1f8e0d2b03", Date: "2017-05", Status: site.StatusReported,
					Note: "Groups of North Korean laborers seen shopping in the city (Daily NK photo, May 2017).", SourceID: sampleReportID2},
				{ID: "7c2f5d2f-1e4c-4d6a-9b3a-6c1f8e0d2b04", Status: site.StatusReported,
					Note: "Laborers are completely confined to the facilities; a year earlier they went to the city-centre markets in groups. " + sampleNoteAfter, SourceID: sampleTumenSrc},
			},
		},
		{
			ID:        "6a1e4c1e-0d3b-4c59-8a2f-5b0e7d9c1a03",
			Name:      "Factories employing North Korean laborers, Hunchun",
			Aliases:   []string{"珲春 工厂", "훈춘 공장"},
			Category:  "factory",
			Status:    site.StatusReported,
			Geometry:  hunchun,
			Precision: site.PrecisionCity,
			City:      "Hunchun", Province: "Jilin", Country: "CN",
			Tags:  []string{"dispatched laborers", "confinement"},
			Notes: "Several factories near residential areas; the report names none. " + sampleNoteAfter,
			Sources: []site.Source{
				dailyNK(sampleReportID3, "Chinese residents living near factories employing North Korean labor assumed they'd gone back to the North."),
				informant(sampleHunchSrc, "An informed source in Hunchun"),
			},
			Observations: []site.Observation{
				{ID: "7c2f5d2f-1e4c-4d6a-9b3a-6c1f8e0d2b05", Status: site.StatusReported,
					Note: "North Korean workers, once seen out in groups eating and shopping, are nowhere to be found; residents assumed they had gone back to the North. " + sampleNoteAfter, SourceID: sampleHunchSrc},
			},
		},
		{
			ID:        "6a1e4c1e-0d3b-4c59-8a2f-5b0e7d9c1a04",
			Name:      "Restaurant from which 13 North Korean workers defected",
			Category:  "restaurant",
			Status:    site.StatusReported,
			Geometry:  ningbo,
			Precision: site.PrecisionCity,
			City:      "Ningbo", Province: "Zhejiang", Country: "CN",
			FirstReported: "2016-04",
			Tags:          []string{"defection"},
			Notes:         "The report says only \"a restaurant in China\"; Ningbo is the city given in the project brief. Located at the city centre.",
			Sources: []site.Source{
				dailyNK(sampleReportID4, "The controversial group defection of 13 North Korean workers from a restaurant in China in April 2016."),
			},
			Observations: []site.Observation{
				{ID: "7c2f5d2f-1e4c-4d6a-9b3a-6c1f8e0d2b06", Date: "2016-04", Status: site.StatusReported,
					Note: "13 North Korean workers defected as a group.", SourceID: sampleReportID4},
			},
		},
	}
}

// InstallSample puts the sample project into an empty database as one
// undoable change. It does nothing when the database already has sites.
func InstallSample(ctx context.Context, st *store.Store) (bool, error) {
	n, err := st.Count(ctx, store.Filter{})
	if err != nil || n > 0 {
		return false, err
	}
	imp, err := st.BeginImport(ctx, "Add sample project")
	if err != nil {
		return false, err
	}
	for _, s := range SampleSites() {
		if _, err := imp.Put(s); err != nil {
			imp.Rollback()
			return false, fmt.Errorf("sample project: %w", err)
		}
	}
	return true, imp.Commit()
}
