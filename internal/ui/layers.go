package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/siteatlas/siteatlas/internal/numfmt"
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/render"
	"github.com/siteatlas/siteatlas/internal/tiles"
)

// mapLayer is one tile layer over the embedded world: a local MBTiles or
// PMTiles file, or an online XYZ server the user turned on.
type mapLayer struct {
	conf   layerConf
	src    tiles.Source
	online *tiles.OnlineSource // nil for files
	layer  *tiles.Layer
}

// layerConf is what is remembered of a layer, per database.
type layerConf struct {
	Path        string  `json:"path,omitempty"`     // a file
	Template    string  `json:"template,omitempty"` // an online source
	Attribution string  `json:"attribution,omitempty"`
	Opacity     float64 `json:"opacity"`
	Hidden      bool    `json:"hidden,omitempty"`
}

func (c layerConf) name() string {
	if c.Template != "" {
		if u, err := url.Parse(strings.ReplaceAll(c.Template, "{", "%7B")); err == nil && u.Host != "" {
			return "Online: " + u.Host
		}
		return "Online source"
	}
	return filepath.Base(c.Path)
}

func (w *Window) layersPrefKey() string { return "layers:" + w.ws.Path() }

// tileCacheDir is where online tiles are kept, beside the database.
func (w *Window) tileCacheDir() string {
	return filepath.Join(filepath.Dir(w.ws.Path()), "tile-cache")
}

// openLayer opens what conf names. It may touch the disk: call it off the
// UI goroutine.
func (w *Window) openLayer(conf layerConf) (*mapLayer, error) {
	ml := &mapLayer{conf: conf}
	if conf.Template != "" {
		on, err := tiles.NewOnlineSource(conf.Template, conf.Attribution, w.tileCacheDir(), tiles.OnlineOptions{})
		if err != nil {
			return nil, err
		}
		ml.src, ml.online = on, on
	} else {
		src, err := tiles.Open(conf.Path)
		if err != nil {
			return nil, err
		}
		ml.src = src
	}
	if conf.Opacity <= 0 {
		conf.Opacity = 1
		ml.conf.Opacity = 1
	}
	ml.layer = tiles.NewLayer(ml.src, tiles.LayerOptions{Opacity: conf.Opacity, Hidden: conf.Hidden})
	ml.layer.OnChange(func() { runOnUI(w.mapView.Redraw) })
	if ml.online != nil {
		ml.online.OnUpdate(func() { runOnUI(w.showNetwork) })
	}
	return ml, nil
}

// restoreLayers opens the layers saved for this database. A file that has
// gone is reported once and forgotten.
func (w *Window) restoreLayers() {
	var confs []layerConf
	raw := w.app.Preferences().String(w.layersPrefKey())
	if raw == "" || json.Unmarshal([]byte(raw), &confs) != nil {
		return
	}
	go func() {
		var opened []*mapLayer
		var failed []string
		for _, c := range confs {
			ml, err := w.openLayer(c)
			if err != nil {
				failed = append(failed, c.name()+": "+err.Error())
				continue
			}
			opened = append(opened, ml)
		}
		runOnUI(func() {
			w.layers = opened
			w.applyLayers()
			if len(failed) > 0 {
				showInfo("Map layers", "These map layers could not be opened and were removed:\n\n"+strings.Join(failed, "\n"), w.win)
			}
			w.emit("layers")
		})
	}()
}

// applyLayers hands the layers to the map, remembers them for this
// database and updates the network indicator. UI goroutine.
func (w *Window) applyLayers() {
	ls := make([]render.Layer, len(w.layers))
	confs := make([]layerConf, len(w.layers))
	for i, ml := range w.layers {
		ls[i] = creditedLayer{ml.layer, ml.conf.name()}
		ml.conf.Opacity, ml.conf.Hidden = ml.layer.Opacity(), !ml.layer.Visible()
		confs[i] = ml.conf
	}
	w.mapView.SetLayers(ls)
	if b, err := json.Marshal(confs); err == nil {
		w.app.Preferences().SetString(w.layersPrefKey(), string(b))
	}
	w.showNetwork()
}

// showNetwork says in the status bar whether the app may use the network.
func (w *Window) showNetwork() {
	var fetching, failures int
	online := false
	for _, ml := range w.layers {
		if ml.online == nil || !ml.layer.Visible() {
			continue
		}
		st := ml.online.Status()
		if st.Online {
			online = true
			fetching += st.Fetching
			failures += st.Failures
		}
	}
	switch {
	case !online:
		w.netLabel.SetText("offline")
		w.netLabel.Importance = widget.MediumImportance
	case failures > 0:
		w.netLabel.SetText("online: server not answering, using the cache")
		w.netLabel.Importance = widget.WarningImportance
	case fetching > 0:
		w.netLabel.SetText(fmt.Sprintf("online: fetching %d tile(s)", fetching))
		w.netLabel.Importance = widget.WarningImportance
	default:
		w.netLabel.SetText("online")
		w.netLabel.Importance = widget.WarningImportance
	}
	w.netLabel.Refresh()
}

// addLayer opens conf in the background and puts it on top.
func (w *Window) addLayer(conf layerConf, then func()) {
	go func() {
		ml, err := w.openLayer(conf)
		runOnUI(func() {
			if err != nil {
				showError(fmt.Errorf("cannot use %s as a map layer: %w", conf.name(), err), w.win)
			} else {
				w.layers = append(w.layers, ml)
				w.applyLayers()
			}
			if then != nil {
				then()
			}
			w.emit("layers")
		})
	}()
}

func (w *Window) removeLayer(i int) {
	if i < 0 || i >= len(w.layers) {
		return
	}
	ml := w.layers[i]
	w.layers = append(w.layers[:i:i], w.layers[i+1:]...)
	w.applyLayers()
	go ml.src.Close()
}

func (w *Window) moveLayer(i, by int) {
	j := i + by
	if i < 0 || j < 0 || i >= len(w.layers) || j >= len(w.layers) {
		return
	}
	w.layers[i], w.layers[j] = w.layers[j], w.layers[i]
	w.applyLayers()
}

// layersDialog lists the layers, top first, with visibility, opacity and
// order, and adds files and online sources.
func (w *Window) layersDialog() {
	box := container.NewVBox()
	var d dialog.Dialog
	var rebuild func()
	rebuild = func() {
		box.RemoveAll()
		if len(w.layers) == 0 {
			box.Add(wrapped("Only the built-in world map is shown. Add an MBTiles or PMTiles file (raster or vector) for detailed offline maps."))
		}
		for i := len(w.layers) - 1; i >= 0; i-- {
			ml := w.layers[i]
			md := ml.layer.Metadata()
			title := ml.conf.name()
			if md.Name != "" && ml.online == nil {
				title += " — " + md.Name
			}
			show := widget.NewCheck(title, func(on bool) { ml.layer.SetVisible(on); w.applyLayers() })
			show.SetChecked(ml.layer.Visible())
			opacity := widget.NewSlider(0.1, 1)
			opacity.Step = 0.05
			opacity.SetValue(ml.layer.Opacity())
			opacity.OnChangeEnded = func(v float64) { ml.layer.SetOpacity(v); w.applyLayers() }
			up := widget.NewButtonWithIcon("", theme.MoveUpIcon(), func() { w.moveLayer(i, 1); rebuild() })
			down := widget.NewButtonWithIcon("", theme.MoveDownIcon(), func() { w.moveLayer(i, -1); rebuild() })
			remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { w.removeLayer(i); rebuild() })
			info := fmt.Sprintf("%s, zoom %d–%d", md.Format, md.MinZoom, md.MaxZoom)
			if md.Attribution != "" {
				info += " · " + md.Attribution
			}
			buttons := container.NewHBox(up, down, remove)
			if ml.online != nil {
				buttons.Add(widget.NewButtonWithIcon("Download area…", theme.DownloadIcon(), func() { w.downloadDialog(ml) }))
			}
			box.Add(widget.NewCard("", "", container.NewVBox(show, wrapped(info),
				container.NewBorder(nil, nil, widget.NewLabel("Opacity"), nil, opacity), buttons)))
		}
		box.Refresh()
	}
	rebuild()
	addFile := widget.NewButtonWithIcon("Add tile file…", theme.FolderOpenIcon(), func() {
		fd := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			r.Close()
			w.addLayer(layerConf{Path: r.URI().Path(), Opacity: 1}, rebuild)
		}, w.win)
		fd.SetFilter(storage.NewExtensionFileFilter([]string{".mbtiles", ".pmtiles"}))
		fd.Resize(fyne.NewSize(800, 560))
		fd.Show()
	})
	addOnline := widget.NewButtonWithIcon("Add online source…", theme.ComputerIcon(), func() { w.onlineDialog(rebuild) })
	content := container.NewBorder(nil, container.NewVBox(container.NewHBox(addFile, addOnline), widget.NewSeparator(), w.doubtSetting()),
		nil, nil, container.NewVScroll(box))
	d = dialog.NewCustom("Map layers", "Close", content, w.win)
	d.Resize(fyne.NewSize(640, 520))
	d.Show()
}

// onlineDialog asks for a tile server. Nothing is fetched before the user
// has given one: the app is offline by default.
func (w *Window) onlineDialog(then func()) {
	tmpl := widget.NewEntry()
	tmpl.SetPlaceHolder("https://tiles.example.org/{z}/{x}/{y}.png")
	tmpl.Validator = func(s string) error {
		s = strings.TrimSpace(s)
		if !strings.HasPrefix(s, "https://") && !strings.HasPrefix(s, "http://") {
			return errors.New("the address must start with https://")
		}
		for _, p := range []string{"{z}", "{x}", "{y}"} {
			if !strings.Contains(s, p) {
				return fmt.Errorf("the address needs %s", p)
			}
		}
		return nil
	}
	credit := widget.NewEntry()
	credit.SetPlaceHolder("© the provider, © OpenStreetMap contributors")
	warn := wrapped("Turning this on makes Site Atlas fetch map tiles from this server, which then learns which areas you look at. " +
		"Use your own server or a provider whose terms allow this app (OpenStreetMap's own tile servers do not). " +
		"Every tile fetched is kept so it is there offline.")
	items := []*widget.FormItem{
		{Text: "Tile address", Widget: tmpl},
		{Text: "Credit", Widget: credit, HintText: "shown on the map, as the provider requires"},
		{Text: "", Widget: warn},
	}
	d := dialog.NewForm("Add online source", "Turn on", "Cancel", items, func(ok bool) {
		if ok {
			w.addLayer(layerConf{Template: strings.TrimSpace(tmpl.Text), Attribution: strings.TrimSpace(credit.Text), Opacity: 1}, then)
		}
	}, w.win)
	d.Resize(fyne.NewSize(620, 360))
	d.Show()
}

// downloadDialog saves the tiles of the current view, over a zoom range,
// as a standalone MBTiles file, with an estimate first.
func (w *Window) downloadDialog(ml *mapLayer) {
	w.downloadArea(ml, w.mapView.View().Bound(), "the current view")
}

// drawDownloadBox lets the user drag out the area to download.
func (w *Window) drawDownloadBox(ml *mapLayer) {
	w.hintLabel.SetText("Drag a box around the area to download (Esc to cancel)")
	w.mapView.OnBox = func(b orb.Bound) {
		w.hintLabel.SetText("")
		w.downloadArea(ml, b, "the box drawn")
	}
	w.mapView.SetBoxing(true)
	w.win.Canvas().Focus(w.mapView)
}

func (w *Window) downloadArea(ml *mapLayer, bound orb.Bound, what string) {
	v := w.mapView.View()
	z := int(v.Zoom)
	minZ, maxZ := widget.NewSelect(zoomChoices(), nil), widget.NewSelect(zoomChoices(), nil)
	minZ.SetSelectedIndex(min(z, 19))
	maxZ.SetSelectedIndex(min(z+3, 19))
	estimate := widget.NewLabel("")
	estimate.Wrapping = fyne.TextWrapWord
	var closeAreaDialog func()
	update := func() {
		e := tiles.EstimateDownload(bound, minZ.SelectedIndex(), maxZ.SelectedIndex(), ml.layer.Metadata().Format)
		text := fmt.Sprintf("%s tiles, about %s.", formatCount(int(e.Tiles)), humanBytes(e.Bytes))
		if e.Tiles > tiles.MaxDownloadTiles {
			text += fmt.Sprintf(" That is more than the %s allowed: choose a smaller area or fewer zoom levels.", formatCount(tiles.MaxDownloadTiles))
		}
		estimate.SetText(text)
	}
	minZ.OnChanged = func(string) { update() }
	maxZ.OnChanged = func(string) { update() }
	update()
	items := []*widget.FormItem{
		{Text: "Area", Widget: container.NewVBox(
			wrapped(fmt.Sprintf("%s: %.4f,%.4f to %.4f,%.4f", what, bound.Min[0], bound.Min[1], bound.Max[0], bound.Max[1])),
			widget.NewButton("Draw a box on the map instead…", func() {
				closeAreaDialog()
				w.drawDownloadBox(ml)
			}))},
		{Text: "From zoom", Widget: minZ},
		{Text: "To zoom", Widget: maxZ},
		{Text: "", Widget: estimate},
	}
	var areaDialog dialog.Dialog
	closeAreaDialog = func() { areaDialog.Hide() }
	areaDialog = dialog.NewForm("Download area", "Choose file…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		save := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
			if err != nil || wc == nil {
				return
			}
			path := wc.URI().Path()
			wc.Close()
			w.download(ml, bound, minZ.SelectedIndex(), maxZ.SelectedIndex(), path)
		}, w.win)
		save.SetFileName("area.mbtiles")
		save.Resize(fyne.NewSize(800, 560))
		save.Show()
	}, w.win)
	areaDialog.Show()
}

func (w *Window) download(ml *mapLayer, bound orb.Bound, minZ, maxZ int, path string) {
	j, ctx := startJob("Downloading tiles", "Saving the area to "+filepath.Base(path)+"…", w.win)
	go func() {
		p, err := tiles.Download(ctx, tiles.DownloadOptions{
			Template: ml.conf.Template, Attribution: ml.conf.Attribution,
			Bound: bound, MinZoom: minZ, MaxZoom: maxZ, Output: path, CacheDir: w.tileCacheDir(),
			Progress: func(p tiles.DownloadProgress) { j.progress(int64(p.Done), int64(p.Total)) },
		})
		j.finish()
		runOnUI(func() {
			switch {
			case errors.Is(err, context.Canceled):
				showInfo("Download stopped", fmt.Sprintf("%s of %s tiles were saved in %s; downloading the same area again resumes.",
					formatCount(int(p.Done)), formatCount(int(p.Total)), path), w.win)
			case err != nil:
				showError(err, w.win)
			default:
				showInfo("Download finished", fmt.Sprintf("%s tiles saved in %s. Add it as a tile file to use it offline, here or on another computer.",
					formatCount(int(p.Done)), path), w.win)
			}
		})
	}()
}

func zoomChoices() []string {
	out := make([]string, 20)
	for i := range out {
		out[i] = fmt.Sprint(i)
	}
	return out
}

func humanBytes(n int64) string { return numfmt.Bytes(n) }

// creditedLayer names a tile layer in the map's credit line by its file
// when the file's metadata has no attribution, so that no data is shown
// uncredited. The other methods (labels, place names) are the layer's own.
type creditedLayer struct {
	*tiles.Layer
	fallback string
}

func (c creditedLayer) Attribution() string {
	if !c.Visible() || c.Opacity() == 0 {
		return ""
	}
	if a := c.Layer.Attribution(); a != "" {
		return a
	}
	return c.fallback
}
