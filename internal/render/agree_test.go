package render

import (
	"image"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// TestHitTestAgreesWithDrawing draws busy frames (markers only, on a
// transparent background) and checks that a click on a marker's centre
// finds a site or cluster, and a click far from any drawn pixel finds
// nothing.
func TestHitTestAgreesWithDrawing(t *testing.T) {
	m, err := NewMap(nil, buildIndex(genSummaries(30_000, 9)), nil)
	if err != nil {
		t.Fatal(err)
	}
	opts := DrawOptions{NoBasemap: true, NoOverlay: true}
	r := rand.New(rand.NewPCG(1, 2))
	for _, v := range []Viewport{
		NewViewport(orb.Point{130.1, 42.9}, 4, 800, 500),
		NewViewport(orb.Point{130.1, 42.9}, 9.5, 800, 500),
		NewViewport(orb.Point{130.366, 42.862}, 13, 800, 500),
		NewViewport(orb.Point{130.366, 42.862}, 17.5, 800, 500),
		NewViewport(orb.Point{179.9, -18}, 5, 800, 500),
	} {
		img := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
		m.Draw(img, v, opts)
		fs := m.layout(v, &opts)
		found := 0
		for _, cl := range fs.clusters {
			x, y := int(cl.x), int(cl.y)
			if x < 0 || y < 0 || x >= v.Width || y >= v.Height {
				continue
			}
			if img.RGBAAt(x, y).A == 0 {
				t.Errorf("z%v: nothing drawn at the centre of a marker (%d, %d)", v.Zoom, x, y)
			}
			h := m.HitTest(v, cl.x, cl.y, opts)
			if h.Kind == HitNone {
				t.Errorf("z%v: click on a marker at (%d, %d) found nothing", v.Zoom, x, y)
			}
			if cl.n > 1 && h.Kind == HitCluster {
				found++
			}
		}
		empty := 0
		for i := 0; i < 400; i++ {
			x, y := r.IntN(v.Width), r.IntN(v.Height)
			if !clearAround(img, x, y, 6) {
				continue
			}
			empty++
			if h := m.HitTest(v, float64(x), float64(y), opts); h.Kind != HitNone {
				t.Errorf("z%v: click on empty map at (%d, %d) found %+v", v.Zoom, x, y, h)
			}
		}
		t.Logf("z%v: %d markers, %d clusters hit, %d empty clicks", v.Zoom, len(fs.clusters), found, empty)
	}
}

// clearAround reports whether no pixel within r of (x, y) is drawn.
func clearAround(img *image.RGBA, x, y, r int) bool {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			p := image.Pt(x+dx, y+dy)
			if p.In(img.Rect) && img.RGBAAt(p.X, p.Y).A != 0 {
				return false
			}
		}
	}
	return true
}

// TestFrameNeverWaitsForWriters holds the index's writer lock, as a long
// edit would, and checks that frames and hit tests still complete: they
// read a snapshot and take no lock a writer (or SQL behind it) holds.
func TestFrameNeverWaitsForWriters(t *testing.T) {
	idx := buildIndex(genSummaries(5_000, 3))
	m, err := NewMap(testWorld(t), idx, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx.mu.Lock()
	done := make(chan struct{})
	go func() {
		v := NewViewport(orb.Point{130.1, 42.9}, 8, 640, 400)
		img := image.NewRGBA(image.Rect(0, 0, 640, 400))
		m.Draw(img, v, DrawOptions{})
		m.HitTest(v, 320, 200, DrawOptions{})
		idx.Name(1)
		idx.Extent(Filter{})
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("a frame waited for the index's writer lock")
	}
	idx.mu.Unlock()

	// And frames drawn while edits land see whole edits only (run with
	// -race for the memory model side).
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			idx.Upsert(site.Summary{Row: int64(100_000 + i%50), Name: "moving", Category: "factory",
				Status: site.Statuses[0], Geometry: orb.Point{130 + float64(i%10)*0.01, 42.9}})
			if i%7 == 0 {
				idx.Remove(int64(1 + i%5000))
			}
		}
	}()
	v := NewViewport(orb.Point{130.05, 42.9}, 11, 640, 400)
	img := image.NewRGBA(image.Rect(0, 0, 640, 400))
	for i := 0; i < 30; i++ {
		m.Draw(img, v, DrawOptions{})
		m.HitTest(v, 320, 200, DrawOptions{})
	}
	close(stop)
	wg.Wait()
}
