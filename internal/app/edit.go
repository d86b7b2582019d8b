package app

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// The editing use cases. Each is one change in the store's history with a
// label that names it, so that "Undo move 'Hunchun seafood plant'" says
// what it will undo, also after a restart.

// SummaryOf returns the list and map view of the site with this ID.
func SummaryOf(ctx context.Context, st *store.Store, id string) (site.Summary, error) {
	var out site.Summary
	err := st.Summaries(ctx, store.Filter{IDs: []string{id}}, func(s site.Summary) error { out = s; return nil })
	if err == nil && out.Row == 0 {
		err = fmt.Errorf("site %s: %w", id, store.ErrNotFound)
	}
	return out, err
}

// NewSiteAt returns a site to be added with geometry g (a clicked point or
// a drawn outline): reported, placed approximately (a click is no survey: exact is for typed
// coordinates or a photo's GPS), with a name to be replaced.
func NewSiteAt(g orb.Geometry) site.Site {
	return site.Site{
		ID:        site.NewID(),
		Name:      "New site",
		Status:    site.StatusReported,
		Precision: site.PrecisionApproximate,
		Geometry:  g,
	}
}

// AddSite stores a new site.
func AddSite(ctx context.Context, st *store.Store, s *site.Site) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return st.CreateLabeled(ctx, s, "Add "+Quote(s.Name))
}

// SaveSite stores an edited site after validating it; a site.ValidationError
// lists what the form must show next to its fields.
func SaveSite(ctx context.Context, st *store.Store, s site.Site, label string) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return st.UpdateLabeled(ctx, s, label)
}

// MoveSite gives the site a new geometry.
func MoveSite(ctx context.Context, st *store.Store, s site.Site, g orb.Geometry) (site.Site, error) {
	if err := site.ValidateGeometry(g); err != nil {
		return s, err
	}
	s.Geometry = g
	if err := st.UpdateLabeled(ctx, s, "Move "+Quote(s.Name)); err != nil {
		return s, err
	}
	return s, nil
}

// DeleteSites deletes sites (with their sources, observations and
// attachments) as one undoable change.
func DeleteSites(ctx context.Context, st *store.Store, sites ...site.Site) error {
	if len(sites) == 0 {
		return nil
	}
	ids := make([]string, len(sites))
	for i, s := range sites {
		ids[i] = s.ID
	}
	label := "Delete " + Quote(sites[0].Name)
	if len(sites) > 1 {
		label = fmt.Sprintf("Delete %d sites", len(sites))
	}
	return st.DeleteLabeled(ctx, label, ids...)
}

// EditLabel names an edit by the first field that changed: "Edit status of
// 'Tumen complex'".
func EditLabel(before, after site.Site) string {
	var fields []string
	for _, fc := range FieldChanges(&before, &after) {
		fields = append(fields, strings.ToLower(fc.Field))
	}
	what := "details"
	switch len(fields) {
	case 1:
		what = fields[0]
	case 2:
		what = fields[0] + " and " + fields[1]
	}
	return "Edit " + what + " of " + Quote(after.Name)
}

// Quote puts a site's name in quotes for a label, shortened when long.
func Quote(name string) string {
	if utf8.RuneCountInString(name) > 40 {
		r := []rune(name)
		name = string(r[:39]) + "…"
	}
	return "'" + name + "'"
}

// Country is a country a site can be in, as the editor offers it.
type Country struct{ Code, Name string }

var (
	countriesOnce sync.Once
	countries     []Country
)

// Countries lists the countries of the embedded basemap by name, so that a
// researcher picks "North Korea" and the store keeps "KP".
func Countries() []Country {
	countriesOnce.Do(func() {
		seen := map[string]bool{}
		if w, err := basemap.Load(); err == nil && len(w.Levels) > 0 {
			for _, lvl := range w.Levels {
				for _, f := range lvl.Features {
					if f.Class == basemap.Country && len(f.ISO) == 2 && f.Name != "" && !seen[f.ISO] {
						seen[f.ISO] = true
						countries = append(countries, Country{f.ISO, f.Name})
					}
				}
			}
		}
		sort.Slice(countries, func(i, j int) bool { return countries[i].Name < countries[j].Name })
	})
	return countries
}
