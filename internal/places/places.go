// Package places finds places offline for the one search box and the
// places command: a position typed in any notation (internal/coords) and
// populated places by name in any script (internal/gazetteer), and fills a
// placed site's city, province and country from the nearest place. It does
// no I/O beyond the embedded gazetteer and knows nothing of the UI.
package places

import (
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"github.com/siteatlas/siteatlas/internal/coords"
	"github.com/siteatlas/siteatlas/internal/gazetteer"
	"github.com/siteatlas/siteatlas/internal/site"
)

// Options tune Find.
type Options struct {
	Limit int        // most places; 0 means gazetteer.DefaultLimit
	Near  *orb.Point // places near it rank higher, and short Plus codes are recovered near it
	View  *orb.Bound // places inside it (the map's view) rank higher
}

// Result is what a text names: positions when it is a coordinate (more
// than one when it reads two ways), and places whose names match.
type Result struct {
	Positions []coords.Reading
	// PositionErr says why a text that looks like a coordinate is not one
	// ("latitude 95 is out of range"); nil when it is one or does not look
	// like one at all.
	PositionErr error
	Places      []gazetteer.Place
}

// Find reads text as a position and looks it up as a place name.
func Find(text string, opts Options) Result {
	var r Result
	text = strings.TrimSpace(text)
	if text == "" {
		return r
	}
	if r, ok := shortCodeAtPlace(text); ok {
		return r
	}
	var readings []coords.Reading
	var err error
	if opts.Near != nil {
		readings, err = coords.ParseNear(text, *opts.Near)
	} else {
		readings, err = coords.Parse(text)
	}
	if err == nil {
		r.Positions = readings
	} else if looksLikeCoordinate(text) {
		r.PositionErr = err
	}
	if len(r.Positions) == 0 {
		r.Places = gazetteer.Search(text, gazetteer.Options{Limit: opts.Limit, Near: opts.Near, View: opts.View})
	}
	return r
}

// looksLikeCoordinate is true for a text mostly of digits and signs: a
// name search should not say "not a coordinate" for "Tumen", but should for
// "42.97, 190".
func looksLikeCoordinate(text string) bool {
	digits := 0
	for _, r := range text {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits >= 2 && digits*2 >= len([]rune(text))-4
}

// Address is what a position says of a site's city, province and country.
type Address struct {
	City, Province, Country string
	// Aliases are the city's names in other scripts (图们, 투먼), for a site
	// whose aliases should find it by them.
	Aliases []string
	Place   gazetteer.Place
	Metres  float64 // from the position to the place
}

// cityRadius is how far from a town a site still takes its name: a site
// 30 km out in the country is not "in" the town.
const cityRadius = 30_000

// AddressAt returns the address of the nearest town of 10,000 people or
// more within 30 km, else of the nearest place of any size within 30 km;
// ok is false when nothing is that close (at sea, in a desert).
func AddressAt(p orb.Point) (Address, bool) {
	pl, d := gazetteer.NearestCity(p, 10_000)
	if pl.Name == "" || d > cityRadius {
		pl, d = gazetteer.Nearest(p)
	}
	if pl.Name == "" || d > cityRadius {
		return Address{}, false
	}
	return Address{City: pl.Name, Province: pl.Province, Country: pl.Country, Aliases: pl.Names, Place: pl, Metres: d}, true
}

// FillAddress fills s's empty city, province and country from the place
// nearest to its geometry, never overwriting what the researcher typed, and
// reports which it filled. The province is filled only with the city it
// belongs to, so that a site never gets Jilin's city and Liaoning's
// province.
func FillAddress(s *site.Site) (filled []string) {
	if s.Geometry == nil {
		return nil
	}
	a, ok := AddressAt(s.Geometry.Bound().Center())
	if !ok {
		return nil
	}
	if s.Country != "" && s.Country != a.Country {
		return nil // typed in another country: the nearest place is across a border
	}
	if s.Country == "" && a.Country != "" {
		s.Country = a.Country
		filled = append(filled, "country")
	}
	if s.City == "" {
		s.City = a.City
		filled = append(filled, "city")
		if s.Province == "" && a.Province != "" {
			s.Province = a.Province
			filled = append(filled, "province")
		}
	}
	return filled
}

// shortCodeAtPlace reads a short Plus code with the place it is near, as
// Google Maps writes them: "XRCR+22 Tumen", "XRCR+22 Tumen, Jilin".
func shortCodeAtPlace(text string) (Result, bool) {
	code, place, ok := strings.Cut(text, " ")
	if !ok || !strings.Contains(code, "+") {
		return Result{}, false
	}
	place = strings.Trim(strings.TrimSpace(place), ",")
	found := gazetteer.Search(place, gazetteer.Options{Limit: 1})
	if len(found) == 0 {
		return Result{PositionErr: fmt.Errorf("%s: no place called %q to place the short code near", code, place)}, true
	}
	readings, err := coords.ParseNear(code, found[0].Point)
	if err != nil {
		return Result{PositionErr: err}, true
	}
	return Result{Positions: readings}, true
}
