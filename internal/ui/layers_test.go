package ui

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/app"
	"github.com/siteatlas/siteatlas/internal/basemap"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/store"
	"github.com/siteatlas/siteatlas/internal/tilegen"
)

// TestTileFileLayer adds a vector PMTiles file as a layer: the map draws
// it, and it comes back when the database is opened again.
func TestTileFileLayer(t *testing.T) {
	w := newTestWindow(t)
	world, err := basemap.Load()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "yanbian.pmtiles")
	opts := tilegen.Options{Bound: orb.Bound{Min: orb.Point{128, 42}, Max: orb.Point{131, 44}}, MinZoom: 4, MaxZoom: 6}
	if err := tilegen.New(world).WritePMTiles(path, opts, 0); err != nil {
		t.Fatal(err)
	}
	w.addLayer(layerConf{Path: path, Opacity: 0.8}, nil)
	waitEvents(t, w, "layers")
	if len(w.layers) != 1 || len(w.mapView.drawOptions().Layers) != 1 {
		t.Fatalf("after adding a file the map has %d layers", len(w.mapView.drawOptions().Layers))
	}
	if w.netLabel.Text != "offline" {
		t.Errorf("a local file made the indicator say %q", w.netLabel.Text)
	}
	if _, ok := w.mapView.drawOptions().Layers[0].(render.LabelLayer); !ok {
		t.Error("the layer handed to the map lost its labels")
	}
	if got := w.mapView.drawOptions().Layers[0].(render.Attributor).Attribution(); got == "" {
		t.Error("the layer is not credited on the map")
	}
	w.mapView.SetView(orb.Point{129.8, 42.9}, 6)
	waitFrame(t, w)

	// The bad file is refused with a message, and nothing is added.
	bad := filepath.Join(t.TempDir(), "notes.mbtiles")
	if err := os.WriteFile(bad, []byte("not tiles"), 0o644); err != nil {
		t.Fatal(err)
	}
	w.addLayer(layerConf{Path: bad}, nil)
	waitEvents(t, w, "layers")
	if len(w.layers) != 1 || !strings.Contains(overlayText(w), "notes.mbtiles") {
		t.Errorf("adding a file that is not tiles: %d layers, dialog %q", len(w.layers), overlayText(w))
	}
	closeDialogs(w)

	w.layers[0].layer.SetVisible(false)
	w.applyLayers()
	w.saveState()
	st, err := store.Open(w.ws.Store().Path())
	if err != nil {
		t.Fatal(err)
	}
	w2 := newWindow(w.app, app.NewWorkspace(st), make(chan string, 100))
	t.Cleanup(func() { closeTestWindow(w2) })
	waitEvents(t, w2, "layers")
	if len(w2.layers) != 1 || w2.layers[0].conf.Path != path || w2.layers[0].layer.Visible() || w2.layers[0].layer.Opacity() != 0.8 {
		t.Fatalf("the layer did not come back as it was: %+v", w2.layers)
	}
	w2.removeLayer(0)
	if got := w2.app.Preferences().String(w2.layersPrefKey()); got != "[]" {
		t.Errorf("after removing, the saved layers are %q", got)
	}
}

// TestOnlineSourceIndicator turns on a tile server (a local test server):
// the status bar says the app is online.
func TestOnlineSourceIndicator(t *testing.T) {
	var hits atomic.Int64
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	for i := range img.Pix {
		img.Pix[i] = 0xc0
	}
	img.Set(0, 0, color.Black)
	var buf bytes.Buffer
	png.Encode(&buf, img)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		rw.Header().Set("Content-Type", "image/png")
		rw.Write(buf.Bytes())
	}))
	defer srv.Close()

	w := newTestWindow(t)
	if hits.Load() != 0 || w.netLabel.Text != "offline" {
		t.Fatalf("before any source the app fetched %d tiles and says %q", hits.Load(), w.netLabel.Text)
	}
	w.addLayer(layerConf{Template: srv.URL + "/{z}/{x}/{y}.png", Attribution: "© Test tiles", Opacity: 1}, nil)
	waitEvents(t, w, "layers")
	if !strings.HasPrefix(w.netLabel.Text, "online") {
		t.Errorf("with a tile server on, the status bar says %q", w.netLabel.Text)
	}
	w.mapView.Redraw()
	waitFrame(t, w)
	pump(500 * time.Millisecond)
	if hits.Load() == 0 {
		t.Error("the online layer fetched no tile")
	}
	w.removeLayer(0)
	if w.netLabel.Text != "offline" {
		t.Errorf("after removing the server the status bar says %q", w.netLabel.Text)
	}
}

// TestDrawDownloadBox: in box mode a drag draws the area instead of
// panning.
func TestDrawDownloadBox(t *testing.T) {
	w := newTestWindow(t)
	mv := w.mapView
	var got orb.Bound
	called := false
	mv.OnBox = func(b orb.Bound) { got, called = b, true }
	mv.SetBoxing(true)
	v := mv.View()
	start := fyne.NewPos(100, 100)
	pos := start
	step := fyne.NewDelta(20, 15)
	for range 5 {
		pos = pos.Add(step)
		mv.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos}, Dragged: step})
	}
	mv.DragEnd()
	if !called {
		t.Fatal("dragging in box mode drew no box")
	}
	if mv.View().Center != v.Center {
		t.Error("drawing a box panned the map")
	}
	a := v.ToLonLat(float64(start.X)*v.Scale, float64(start.Y)*v.Scale)
	b := v.ToLonLat(float64(pos.X)*v.Scale, float64(pos.Y)*v.Scale)
	want := orb.MultiPoint{a, b}.Bound()
	if abs(got.Min[0]-want.Min[0]) > 1e-6 || abs(got.Max[1]-want.Max[1]) > 1e-6 {
		t.Errorf("the box is %v, want %v", got, want)
	}
	// The next drag pans again.
	mv.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: pos.Add(step)}, Dragged: step})
	mv.DragEnd()
	if mv.View().Center == v.Center {
		t.Error("after the box, dragging does not pan")
	}
}
