package render

import (
	"image"
	"math"
	"slices"

	"github.com/siteatlas/siteatlas/internal/site"
)

// Placed is a site marker or a cluster as a frame of Draw places it, for a
// print layout that names the sites itself (as real text in SVG and PDF)
// instead of in the raster.
type Placed struct {
	X, Y   float64 // centre in pixels of the view
	Radius float64 // marker or cluster radius in pixels
	// Rows are the sites drawn there: one for a marker, the members of a
	// cluster (each site in at most one cluster) in row order otherwise.
	Rows []int64
	N    int // sites drawn there; len(Rows) unless a member was not found
}

// Placed returns where Draw(v, opts) draws each marker and cluster, in
// drawing order. Use it with DrawOptions.NoSiteLabels.
func (m *Map) Placed(v Viewport, opts DrawOptions) []Placed {
	fs := m.layout(v, &opts)
	s := v.scale()
	out := make([]Placed, 0, len(fs.clusters))
	claimed := map[int64]bool{}
	for i := range fs.clusters {
		cl := &fs.clusters[i]
		p := Placed{X: cl.x, Y: cl.y, N: cl.n, Radius: markerRadius * s}
		if cl.n == 1 {
			p.Rows = []int64{fs.snap.entry(cl.r).row}
			claimed[p.Rows[0]] = true
		} else {
			p.Radius = clusterRadius(cl.n, s)
		}
		out = append(out, p)
	}
	for i := range fs.clusters {
		cl := &fs.clusters[i]
		if cl.n <= 1 {
			continue
		}
		for _, k := range []float64{0, -1, 1} { // the world copy the cluster is in
			x0, x1 := cl.bound.Min[0]+k, cl.bound.Max[0]+k
			if x1 < 0 || x0 > 1 {
				continue
			}
			fs.snap.scan(math.Max(0, x0), math.Max(0, cl.bound.Min[1]), math.Min(1, x1), math.Min(1, cl.bound.Max[1]), func(_ ref, e *entry) {
				if !claimed[e.row] && fs.filter.ok(e) {
					claimed[e.row] = true
					out[i].Rows = append(out[i].Rows, e.row)
				}
			})
		}
		slices.Sort(out[i].Rows)
	}
	return out
}

// MarkerImage returns the marker of a site of category and status as the
// map draws it at device scale, for a legend. Its centre is the image's
// centre.
func MarkerImage(category string, status site.Status, scale float64) *image.RGBA {
	if scale <= 0 {
		scale = 1
	}
	code := statusCode(status)
	col := CategoryColor(category)
	switch code {
	case codeClosed:
		col = colClosed
	case codeUnknown:
		col = colUnknown
	}
	return drawMarkerSprite(spriteKey{col: col, status: code, scale: scale}).img
}
