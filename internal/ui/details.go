package ui

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/siteatlas/siteatlas/internal/site"
)

// Details shows one site: its fields, its sources and its dated
// observations, in tabs.
type Details struct {
	widget.BaseWidget

	tabs     *container.AppTabs
	fields   *fyne.Container
	sources  *fyne.Container
	timeline *fyne.Container
	photos   *fyne.Container
	empty    *widget.Label
	current  *site.Site
}

// NewDetails returns an empty details panel.
func NewDetails() *Details {
	d := &Details{
		fields:   container.NewVBox(),
		sources:  container.NewVBox(),
		timeline: container.NewVBox(),
		photos:   container.NewVBox(),
		empty:    widget.NewLabel("Select a site in the list or on the map to see its details."),
	}
	d.empty.Wrapping = fyne.TextWrapWord
	d.tabs = container.NewAppTabs(
		container.NewTabItem("Details", container.NewVScroll(d.fields)),
		container.NewTabItem("Sources", container.NewVScroll(d.sources)),
		container.NewTabItem("Timeline", container.NewVScroll(d.timeline)),
		container.NewTabItem("Photos", container.NewVScroll(d.photos)),
	)
	d.ExtendBaseWidget(d)
	d.SetSite(nil)
	return d
}

// CreateRenderer implements fyne.Widget.
func (d *Details) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(d.empty, d.tabs))
}

// Site returns the site shown, or nil.
func (d *Details) Site() *site.Site { return d.current }

// SetSite shows s, or the empty hint when s is nil.
func (d *Details) SetSite(s *site.Site) {
	d.current = s
	if s == nil {
		d.tabs.Hide()
		d.empty.Show()
		return
	}
	d.empty.Hide()
	d.tabs.Show()
	d.fields.Objects = fieldRows(s)
	d.fields.Refresh()
	d.sources.Objects = sourceCards(s)
	d.sources.Refresh()
	d.timeline.Objects = timelineRows(s)
	d.timeline.Refresh()
	d.photos.Objects = photoRows(s)
	d.photos.Refresh()
	d.tabs.Items[1].Text = fmt.Sprintf("Sources (%d)", len(s.Sources))
	d.tabs.Items[2].Text = fmt.Sprintf("Timeline (%d)", len(s.Observations))
	d.tabs.Items[3].Text = fmt.Sprintf("Photos (%d)", len(s.Attachments))
	d.tabs.Refresh()
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

func fieldRows(s *site.Site) []fyne.CanvasObject {
	objs := []fyne.CanvasObject{heading(s.Name)}
	if s.Confidential {
		objs = append(objs, widget.NewLabel("🔒 Confidential: left out of exports"))
	}
	form := widget.NewForm()
	add := func(label, value string) {
		if value != "" {
			form.Append(label, wrapped(value))
		}
	}
	add("Aliases", strings.Join(s.Aliases, " · "))
	add("Category", humanize(s.Category))
	add("Status", humanize(string(s.Status)))
	add("Location", locationText(s))
	add("Precision", humanize(string(s.Precision)))
	add("City", s.City)
	add("Province", s.Province)
	add("Country", countryText(s.Country))
	add("Operator", s.Operator)
	if s.WorkersEstimate != nil {
		add("Workers (est.)", strconv.Itoa(*s.WorkersEstimate))
	}
	add("First reported", string(s.FirstReported))
	add("Last reported", string(s.LastReported))
	add("Tags", strings.Join(s.Tags, ", "))
	add("Notes", s.Notes)
	add("Confidential notes", s.ConfidentialNotes)
	for _, k := range sortedKeys(s.Extra) {
		add(k, string(s.Extra[k]))
	}
	if !s.Updated.IsZero() {
		add("Updated", s.Updated.Local().Format("2006-01-02 15:04"))
	}
	return append(objs, form)
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

func sourceCards(s *site.Site) []fyne.CanvasObject {
	if len(s.Sources) == 0 {
		return []fyne.CanvasObject{widget.NewLabel("No sources recorded.")}
	}
	var objs []fyne.CanvasObject
	for _, src := range s.Sources {
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

func timelineRows(s *site.Site) []fyne.CanvasObject {
	if len(s.Observations) == 0 {
		return []fyne.CanvasObject{widget.NewLabel("No observations recorded.")}
	}
	obs := append([]site.Observation(nil), s.Observations...)
	sort.SliceStable(obs, func(i, j int) bool { return obs[i].Date.Compare(obs[j].Date) < 0 })
	titles := map[string]string{}
	for _, src := range s.Sources {
		titles[src.ID] = src.Title
	}
	var objs []fyne.CanvasObject
	for _, o := range obs {
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
		objs = append(objs, box, widget.NewSeparator())
	}
	return objs
}

func photoRows(s *site.Site) []fyne.CanvasObject {
	if len(s.Attachments) == 0 {
		return []fyne.CanvasObject{widget.NewLabel("No photos or documents attached.")}
	}
	var objs []fyne.CanvasObject
	for _, a := range s.Attachments {
		text := a.FileName
		if a.Caption != "" {
			text += " — " + a.Caption
		}
		if a.Confidential {
			text = "🔒 " + text
		}
		objs = append(objs, wrapped(text))
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
