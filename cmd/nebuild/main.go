// Command nebuild converts the Natural Earth GeoJSON layers into the
// embedded basemap: one binary file per level of detail in
// assets/basemap (format: internal/basemap/codec.go). Run it from the
// repository root when the source data or the conversion changes:
//
//	go run ./cmd/nebuild -src ../shared/data/naturalearth -out assets/basemap
//
// With -chars FILE it also writes every character of the names it read, for
// cmd/nebuild/subset-font.sh.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"github.com/siteatlas/siteatlas/internal/basemap"
)

func main() {
	src := flag.String("src", "../shared/data/naturalearth", "directory of Natural Earth GeoJSON layers")
	out := flag.String("out", "assets/basemap", "output directory")
	chars := flag.String("chars", "", "also write the characters of all names to this file")
	flag.Parse()

	s := newSource(*src)
	levels := []struct {
		lvl   basemap.Level
		scale int // units per degree: coarse levels need less precision
	}{
		{basemap.Level{Name: "110m", MinZoom: 0, MaxZoom: 3, Features: world110(s)}, 1_000},
		{basemap.Level{Name: "50m", MinZoom: 3, MaxZoom: 6, Features: region50(s)}, 10_000},
		{basemap.Level{Name: "10m", MinZoom: 6, MaxZoom: 24, Features: detail10(s)}, 100_000},
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fatalf("%v", err)
	}
	total := 0
	for _, l := range levels {
		sortFeatures(l.lvl.Features)
		n, size := write(filepath.Join(*out, l.lvl.Name+".bin"), &l.lvl, l.scale)
		fmt.Printf("%-5s zoom %4.1f–%4.1f  %6d features  %9d bytes\n", l.lvl.Name, l.lvl.MinZoom, l.lvl.MaxZoom, n, size)
		total += size
	}
	fmt.Printf("total %d bytes (%.2f MB)\n", total, float64(total)/1e6)
	if *chars != "" {
		writeChars(*chars, s)
	}
}

// world110 is the world view (zoom < 3).
func world110(s *source) []basemap.Feature {
	var fs []basemap.Feature
	fs = append(fs, s.plain(basemap.Ocean, "110m_ocean")...)
	fs = append(fs, s.plain(basemap.Land, "110m_land")...)
	c, _ := s.countries("110m_admin_0_countries")
	fs = append(fs, c...)
	fs = append(fs, s.water(basemap.Lake, "110m_lakes", "50m_lakes")...)
	fs = append(fs, s.water(basemap.River, "110m_rivers_lake_centerlines", "50m_rivers_lake_centerlines")...)
	fs = append(fs, s.borders("110m_admin_0_boundary_lines_land")...)
	fs = append(fs, s.plain(basemap.Admin1Border, "110m_admin_1_states_provinces_lines")...)
	return append(fs, s.places("110m_populated_places")...)
}

// region50 is the region view (zoom 3–6).
func region50(s *source) []basemap.Feature {
	var fs []basemap.Feature
	fs = append(fs, s.plain(basemap.Ocean, "50m_ocean")...)
	fs = append(fs, s.plain(basemap.Land, "50m_land")...)
	c, _ := s.countries("50m_admin_0_countries")
	fs = append(fs, c...)
	fs = append(fs, s.water(basemap.Lake, "50m_lakes", "")...)
	fs = append(fs, s.water(basemap.River, "50m_rivers_lake_centerlines", "")...)
	fs = append(fs, s.plain(basemap.Urban, "50m_urban_areas")...)
	fs = append(fs, s.borders("50m_admin_0_boundary_lines_land")...)
	fs = append(fs, admin1Lines(s)...)
	fs = append(fs, s.admin1Labels("50m_admin_1_states_provinces")...)
	return append(fs, s.places("50m_populated_places")...)
}

// admin1Lines are NE's official 50m lines (USA, CAN, BRA, AUS) plus the
// derived ones (CHN, RUS, IND, IDN, ZAF); there are no 10m lines.
func admin1Lines(s *source) []basemap.Feature {
	return append(s.plain(basemap.Admin1Border, "50m_admin_1_states_provinces_lines"),
		s.plain(basemap.Admin1Border, "50m_admin_1_states_provinces_lines_derived")...)
}

// detail10 is the close view (zoom >= 6). Land, countries and rivers are
// 10m inside the East Asia box and 50m outside it, joined at the box edge.
// It has no Ocean features: the 50m ocean would not match the 10m coast, so
// the renderer paints the background in the ocean colour and land over it.
func detail10(s *source) []basemap.Feature {
	var fs []basemap.Feature
	fs = append(fs, mergeLand(s.plain(basemap.Land, "10m_land_eastasia"), s.plain(basemap.Land, "50m_land"))...)
	c10, k10 := s.countries("10m_admin_0_countries_eastasia")
	c50, k50 := s.countries("50m_admin_0_countries")
	fs = append(fs, mergeCountries(c10, k10, c50, k50)...)
	fs = append(fs, s.water(basemap.Lake, "10m_lakes", "50m_lakes")...)
	fs = append(fs, s.water(basemap.River, "10m_rivers_lake_centerlines_eastasia", "50m_rivers_lake_centerlines")...)
	fs = append(fs, withOutside(s.water(basemap.River, "50m_rivers_lake_centerlines", ""))...)
	fs = append(fs, s.plain(basemap.Urban, "50m_urban_areas")...)
	fs = append(fs, s.borders("10m_admin_0_boundary_lines_land")...)
	fs = append(fs, admin1Lines(s)...)
	fs = append(fs, s.admin1Labels("50m_admin_1_states_provinces")...)
	fs = append(fs, s.places("10m_populated_places")...)
	for _, p := range extraPlaces {
		s.note(p.Name + p.NameZH + p.NameKO)
	}
	return append(fs, extraPlaces...)
}

// sortFeatures puts features in drawing order (by class) and, within a
// class, the most important first (lowest MinZoom, then Rank, then largest
// population), so a renderer placing labels greedily keeps the right ones.
func sortFeatures(fs []basemap.Feature) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if a.Class != b.Class {
			return a.Class < b.Class
		}
		if a.MinZoom != b.MinZoom {
			return a.MinZoom < b.MinZoom
		}
		if a.Rank != b.Rank {
			return a.Rank < b.Rank
		}
		return a.Pop > b.Pop
	})
}

// write encodes one level; it returns the feature count and size. The file
// is not compressed: gzip saves only ~11% on delta-coded varints and would
// make loading three times slower.
func write(path string, lvl *basemap.Level, scale int) (int, int) {
	var raw bytes.Buffer
	n, err := basemap.EncodeLevel(&raw, lvl, scale)
	if err != nil {
		fatalf("%v", err)
	}
	if err := os.WriteFile(path, raw.Bytes(), 0o644); err != nil {
		fatalf("%v", err)
	}
	return n, raw.Len()
}

// writeChars writes the sorted characters of all names, one line.
func writeChars(path string, s *source) {
	var rs []rune
	for r := range s.runes {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	if err := os.WriteFile(path, []byte(string(rs)+"\n"), 0o644); err != nil {
		fatalf("%v", err)
	}
	fmt.Printf("%d distinct characters in names -> %s\n", len(rs), path)
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "nebuild: "+format+"\n", args...)
	os.Exit(1)
}
