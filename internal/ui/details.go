package ui

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/site"
)

// Details shows one site and edits it: its fields, its sources, its dated
// observations, its photos and its change history, in tabs. It does no I/O:
// the window saves what OnEdit and OnEditNow hand it.
type Details struct {
	widget.BaseWidget

	tabs     *container.AppTabs
	tabInfo  []detailTab
	form     *siteForm
	extra    *fyne.Container
	sources  *fyne.Container
	timeline *fyne.Container
	photos   *fyne.Container
	history  *fyne.Container
	empty    *widget.Label
	current  *site.Site
	win      fyne.Window

	// OnEdit hears every change typed in the form: the draft and whether it
	// is valid (the window saves valid drafts after a pause in typing).
	OnEdit func(draft site.Site, valid bool)
	// OnEditNow hears a change to save at once (a source or observation
	// added, changed or removed), with the label undo will show.
	OnEditNow func(s site.Site, label string)
	// OnPlaced hears a position typed into the location field, so that the
	// map can show where the site went.
	OnPlaced func(p orb.Point)
	// OnAttach asks for files to attach to the shown site; OnDetach to
	// remove the attachment with this ID (undoable).
	OnAttach func()
	OnDetach func(id string)
}

// NewDetails returns an empty details panel; win is where its dialogs go.
func NewDetails(win fyne.Window) *Details {
	d := &Details{
		extra:    container.NewVBox(),
		sources:  container.NewVBox(),
		timeline: container.NewVBox(),
		photos:   container.NewVBox(),
		history:  container.NewVBox(),
		empty:    widget.NewLabel("Select a site in the list or on the map to see its details, or add one with \"Add site\"."),
		win:      win,
	}
	d.form = newSiteForm(func(draft site.Site, valid bool) {
		if d.OnEdit != nil {
			d.OnEdit(draft, valid)
		}
	})
	d.form.onPlaced = func(p orb.Point) {
		if d.OnPlaced != nil {
			d.OnPlaced(p)
		}
	}
	d.empty.Wrapping = fyne.TextWrapWord
	d.newTabs()
	d.tabs = container.NewAppTabs(
		container.NewTabItem("Details", container.NewBorder(nil, d.form.banner, nil, nil,
			container.NewVScroll(container.NewVBox(d.form.content, d.extra)))),
		container.NewTabItem("Sources", container.NewVScroll(d.sources)),
		container.NewTabItem("Timeline", container.NewVScroll(d.timeline)),
		container.NewTabItem("Photos", container.NewVScroll(d.photos)),
		container.NewTabItem("History", container.NewVScroll(d.history)),
	)
	d.tabs.OnSelected = func(*container.TabItem) { d.fitTabs(d.Size().Width) }
	d.ExtendBaseWidget(d)
	d.SetSite(nil, nil)
	return d
}

// CreateRenderer implements fyne.Widget.
func (d *Details) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(d.empty, d.tabs))
}

// Site returns the site shown as last saved, or nil.
func (d *Details) Site() *site.Site { return d.current }

// SetSite shows s, or the empty hint when s is nil; draft, when not nil,
// is an unsaved edit of s to put in the form instead.
func (d *Details) SetSite(s *site.Site, draft *site.Site) {
	d.current = s
	if s == nil {
		d.tabs.Hide()
		d.empty.Show()
		return
	}
	d.empty.Hide()
	d.tabs.Show()
	d.form.load(*s, draft)
	d.extra.Objects = extraRows(s)
	d.extra.Refresh()
	d.sources.Objects = d.sourceCards(s)
	d.sources.Refresh()
	d.timeline.Objects = d.timelineRows(s)
	d.timeline.Refresh()
	d.photos.Objects = d.photoRows(s)
	d.photos.Refresh()
	d.history.Objects = []fyne.CanvasObject{widget.NewLabel("Loading…")}
	d.history.Refresh()
	d.setTabCounts(len(s.Sources), len(s.Observations), len(s.Attachments))
}

// FocusName selects the Details tab and puts the cursor in the name, on
// canvas c. The panel may just have been shown: the focus is given on the
// next turn of the UI loop, once its widgets are laid out and known to the
// canvas.
func (d *Details) FocusName(c fyne.Canvas) {
	d.tabs.SelectIndex(0)
	runOnUI(func() {
		c.Focus(d.form.name)
		d.form.name.TypedShortcut(&fyne.ShortcutSelectAll{}) // typing replaces "New site"
	})
}

// extraRows shows, read-only, what was imported from other tools and when
// the site was last changed.
func extraRows(s *site.Site) []fyne.CanvasObject {
	form := widget.NewForm()
	for _, k := range sortedKeys(s.Extra) {
		form.Append(k, wrapped(string(s.Extra[k])))
	}
	if !s.Updated.IsZero() {
		form.Append("Updated", widget.NewLabel(s.Updated.Local().Format("2006-01-02 15:04")))
	}
	return []fyne.CanvasObject{widget.NewSeparator(), form}
}

func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func heading(text string) *widget.Label {
	l := widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.Wrapping = fyne.TextWrapWord
	return l
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func locationText(s *site.Site) string {
	if s.Geometry == nil {
		return "not placed on the map"
	}
	c := s.Geometry.Bound().Center()
	return formatLatLon(c[1], c[0]) + "  (" + s.Geometry.GeoJSONType() + ")"
}

func (d *Details) sourceCards(s *site.Site) []fyne.CanvasObject {
	add := widget.NewButtonWithIcon("Add source", theme.ContentAddIcon(), func() { d.editSource(-1) })
	objs := []fyne.CanvasObject{container.NewHBox(add)}
	if len(s.Sources) == 0 {
		return append(objs, widget.NewLabel("No sources recorded."))
	}
	for i, src := range s.Sources {
		title := src.Title
		if title == "" {
			title = src.URL
		}
		if src.Confidential {
			title = "🔒 " + title
		}
		box := container.NewVBox(heading(title))
		meta := []string{}
		if src.Publisher != "" {
			meta = append(meta, src.Publisher)
		}
		if src.Published != "" {
			meta = append(meta, "published "+string(src.Published))
		}
		if src.Accessed != "" {
			meta = append(meta, "accessed "+string(src.Accessed))
		}
		if len(meta) > 0 {
			box.Add(widget.NewLabel(strings.Join(meta, " · ")))
		}
		if g := gradeText(src); g != "" {
			box.Add(wrapped(g))
		}
		if u, err := url.Parse(src.URL); err == nil && src.URL != "" && (u.Scheme == "http" || u.Scheme == "https") {
			box.Add(widget.NewHyperlink(src.URL, u))
		}
		if src.Excerpt != "" {
			ex := wrapped("“" + src.Excerpt + "”")
			ex.TextStyle.Italic = true
			box.Add(ex)
		}
		box.Add(container.NewHBox(
			widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { d.editSource(i) }),
			widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { d.removeSource(i) })))
		objs = append(objs, widget.NewCard("", "", box))
	}
	return objs
}

func gradeText(src site.Source) string {
	var parts []string
	if m, ok := site.ReliabilityMeanings[src.Reliability]; ok {
		parts = append(parts, "Source "+src.Reliability+": "+m)
	}
	if m, ok := site.CredibilityMeanings[src.Credibility]; ok {
		parts = append(parts, "Information "+strconv.Itoa(src.Credibility)+": "+m)
	}
	if len(parts) == 0 {
		return ""
	}
	return "Grade " + src.Grade() + " — " + strings.Join(parts, "; ")
}

func (d *Details) timelineRows(s *site.Site) []fyne.CanvasObject {
	add := widget.NewButtonWithIcon("Add observation", theme.ContentAddIcon(), func() { d.editObservation(-1) })
	objs := []fyne.CanvasObject{container.NewHBox(add)}
	if len(s.Observations) == 0 {
		return append(objs, widget.NewLabel("No observations recorded."))
	}
	// Shown in date order; order[k] is the index in s.Observations.
	order := make([]int, len(s.Observations))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		return s.Observations[order[i]].Date.Compare(s.Observations[order[j]].Date) < 0
	})
	titles := map[string]string{}
	for _, src := range s.Sources {
		titles[src.ID] = src.Title
		if src.Confidential {
			// Said here because the export will say only "source withheld".
			titles[src.ID] = "🔒 " + src.Title + " (confidential source: withheld from exports)"
		}
	}
	for _, i := range order {
		o := s.Observations[i]
		date := string(o.Date)
		if date == "" {
			date = "Undated"
		}
		head := date
		if o.Status != "" {
			head += " · " + humanize(string(o.Status))
		}
		if o.Confidential {
			head = "🔒 " + head
		}
		box := container.NewVBox(heading(head), wrapped(o.Note))
		if t := titles[o.SourceID]; t != "" {
			src := wrapped("Source: " + t)
			src.Importance = widget.LowImportance
			box.Add(src)
		}
		box.Add(container.NewHBox(
			widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), func() { d.editObservation(i) }),
			widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { d.removeObservation(i) })))
		objs = append(objs, box, widget.NewSeparator())
	}
	return objs
}

func (d *Details) photoRows(s *site.Site) []fyne.CanvasObject {
	add := widget.NewButtonWithIcon("Add photo or document…", theme.ContentAddIcon(), func() {
		if d.OnAttach != nil {
			d.OnAttach()
		}
	})
	objs := []fyne.CanvasObject{container.NewHBox(add),
		wrapped("Photos keep their position and time; exports strip their metadata. Drop files on the window to attach them to this site.")}
	if len(s.Attachments) == 0 {
		return append(objs, widget.NewLabel("No photos or documents attached."))
	}
	for _, a := range s.Attachments {
		a := a
		text := a.FileName
		if a.Caption != "" {
			text += " — " + a.Caption
		}
		if a.Confidential {
			text = "🔒 " + text
		}
		var meta []string
		meta = append(meta, a.MediaType, humanBytes(a.Size))
		if a.TakenAt != nil {
			meta = append(meta, "taken "+a.TakenAt.Format("2006-01-02 15:04"))
		}
		if a.Position != nil {
			meta = append(meta, formatLatLon(a.Position[1], a.Position[0]))
		} else {
			meta = append(meta, "no position")
		}
		remove := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() {
			if d.OnDetach != nil {
				d.OnDetach(a.ID)
			}
		})
		row := container.NewBorder(nil, nil, nil, remove, container.NewVBox(heading(text), wrapped(strings.Join(meta, " · "))))
		objs = append(objs, row, widget.NewSeparator())
	}
	return objs
}

// humanize turns "industrial_complex" into "Industrial complex".
func humanize(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(s, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}
