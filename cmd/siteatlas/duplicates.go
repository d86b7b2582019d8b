package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/siteatlas/siteatlas/internal/dedupe"
	"github.com/siteatlas/siteatlas/internal/gazetteer"
	"github.com/siteatlas/siteatlas/internal/site"
	"github.com/siteatlas/siteatlas/internal/store"
)

// runDuplicates lists pairs of sites that may be one place: near each
// other (within the larger of their precision radii) with names that
// match across scripts, each with a score and its reasons.
func runDuplicates(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("duplicates", stderr)
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "one JSON object per pair")
	if rest, err := parseInterspersed(fs, args); err != nil || len(rest) > 0 {
		return errUsage
	}
	st, err := store.OpenWith(*db, store.Options{CacheKiB: store.OnePassCacheKiB})
	if err != nil {
		return err
	}
	defer st.Close()
	names := map[string]string{}
	var entries []dedupe.Entry
	err = st.Query(ctx, store.Filter{Order: store.ByRow}, func(s site.Site) error {
		if s.Geometry == nil {
			return nil
		}
		names[s.ID] = s.Name
		entries = append(entries, dedupe.Entry{ID: s.ID, Names: append([]string{s.Name}, s.Aliases...),
			Point: s.Geometry.Bound().Center(), Radius: precisionRadius(s.Precision), Precision: string(s.Precision), Category: s.Category})
		return nil
	})
	if err != nil {
		return err
	}
	cands := dedupe.Find(entries, dedupe.Options{Aliases: gazetteerAliases()})
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, c := range cands {
		if *asJSON {
			if err := enc.Encode(map[string]any{"a": c.A, "b": c.B, "a_name": names[c.A], "b_name": names[c.B],
				"score": float64(int(c.Score*1000)) / 1000, "reasons": c.Reasons}); err != nil {
				return err
			}
			continue
		}
		fmt.Fprintf(stdout, "%.2f\t%s (%s)\t%s (%s)\t%s\n", c.Score, terminalText(names[c.A]), c.A, terminalText(names[c.B]), c.B,
			terminalText(strings.Join(c.Reasons, "; ")))
	}
	fmt.Fprintf(stderr, "%d possible duplicate pair(s) among %d placed site(s)\n", len(cands), len(entries))
	return nil
}

// precisionRadius is how far off a position of that precision may be.
func precisionRadius(p site.Precision) float64 {
	switch p {
	case site.PrecisionExact:
		return 50
	case site.PrecisionCity:
		return 15000
	}
	return 2000
}

// gazetteerAliases maps a place name in any script (图们, 투먼, Tumen) to
// one key, from the built-in GeoNames names: an exact name of a town of
// 10,000 people or more. Tokens are looked up once.
func gazetteerAliases() dedupe.Aliases {
	var mu sync.Mutex
	cache := map[string]string{}
	return func(token string) (string, bool) {
		mu.Lock()
		c, seen := cache[token]
		mu.Unlock()
		if seen {
			return c, c != ""
		}
		canon := ""
		if len([]rune(token)) >= 2 {
			for _, p := range gazetteer.Search(token, gazetteer.Options{Limit: 1}) {
				if p.Population >= 10000 && gazetteer.Fold(p.Matched) == gazetteer.Fold(token) {
					canon = strings.ToLower(strings.ReplaceAll(gazetteer.Fold(p.Name), " ", ""))
				}
			}
		}
		mu.Lock()
		cache[token] = canon
		mu.Unlock()
		return canon, canon != ""
	}
}
