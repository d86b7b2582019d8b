package site

import "github.com/paulmach/orb"

// Summary is the part of a site the map and the list need: small enough to
// hold a million of them in memory. Row is the store's integer key, stable for
// the life of the site in that database.
type Summary struct {
	Row      int64
	ID       string
	Name     string
	Category string
	Status   Status
	City     string
	// Geometry is the site's geometry (nil when unplaced).
	Geometry     orb.Geometry
	Precision    Precision // how well Geometry places it: the map draws the doubt
	Confidential bool
	Updated      int64 // Unix milliseconds
}
