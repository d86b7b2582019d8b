package geoio

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/paulmach/orb"
)

// The KML reader turns each Placemark into the GeoJSON Feature it stands
// for and hands it to the decoder the GeoJSON reader uses, as the CSV
// reader does, so that property mapping, leniency, validation and messages
// are the same for every format:
//
//   - the id attribute is the feature id; <name> is "name" and
//     <description> is "description" (which becomes notes when there are
//     none); Data and SimpleData are properties, with JSON arrays in our
//     list fields (aliases, tags, sources, observations) embedded as JSON
//     and <Data name="extra"> holding a JSON object spliced in, as our
//     writer writes them. A Data "name" or "description" beats the element.
//   - The description our writer made (the balloon summary) is recognised
//     by making it again from the site and dropped; any other description,
//     edited in Google Earth for instance, is kept.
//   - TimeSpan begin and end (or TimeStamp when) give first_reported and
//     last_reported when the data does not.
//   - The names of the Folders a Placemark is in become the property
//     "folder" ("Jilin / Tumen"), kept in Extra and written back: folders
//     are how people organise files in Google Earth, and tags are a
//     curated vocabulary we should not fill with them.
//   - gx:Track, gx:MultiTrack and Model are skipped with a warning
//     ("unsupported-geometry"); a Placemark left without geometry is
//     imported unplaced, keeping its name, description and data.
//   - Styles, overlays and network links are ignored.
//
// encoding/xml streams tokens, so memory holds a few batches of
// Placemarks, never the file.

// KML problem codes.
const (
	CodeInvalidXML          = "invalid-xml"
	CodeNotKML              = "not-kml"
	CodeUnsupportedGeometry = "unsupported-geometry"
)

// kmlMaxDepth bounds MultiGeometry nesting, which recursion follows.
const kmlMaxDepth = 16

// The reader is two stages, like the GeoJSON reader: a goroutine parses
// the XML into placemarks (encoding/xml is most of the work) while Next
// decodes the ones before. Batches go through a bounded channel, so memory
// holds a few hundred Placemarks, never the file.
type kmlReader struct {
	file      string
	dec       *decoder
	jw        jsonWriter
	p         parser // checks and splits JSON values in Data
	warn      warnings
	fatal     *Problem
	ids       map[uint64]int
	skipUUIDs bool
	batches   chan kmlBatch
	stop      chan struct{}
	closed    sync.Once
	cur       []placemark
	ci        int
}

// kmlBatch is some placemarks, or the fatal problem that ended the file.
type kmlBatch struct {
	pms   []placemark
	fatal *Problem
}

const kmlBatchSize = 64

// kmlScanner finds the Placemarks in the XML.
type kmlScanner struct {
	file    string
	x       *xml.Decoder
	index   int
	rooted  bool
	stack   []kmlFrame
	pm      placemark
	text    []byte
	charset string // an encoding the file declares other than UTF-8
}

// kmlFrame is an open element outside Placemarks; folder names are kept.
type kmlFrame struct {
	local  string
	folder string
}

// placemark is what one Placemark said, before it becomes a feature.
type placemark struct {
	index        int
	line         int
	folder       string
	folderCut    bool // the folder path was shortened (folderPath)
	id           string
	hasID        bool
	name, desc   string
	hasName      bool
	hasDesc      bool
	begin, end   string
	keys, values []string
	geom         orb.Geometry
	geomErr      string
	geomCode     string
	z            bool
	skipped      []string
	fatal        *Problem // set on the last of a batch that ended the file
}

func newKMLReader(name string, r io.Reader, opts ReaderOptions) (Reader, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	if b, _ := br.Peek(3); bytes.Equal(b, utf8BOM) {
		br.Discard(3)
	}
	x := xml.NewDecoder(br)
	// Descriptions written by hand often use HTML entities (&nbsp;)
	// without CDATA; knowing them costs nothing.
	x.Entity = xml.HTMLEntity
	sc := &kmlScanner{file: name, x: x}
	x.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		sc.charset = charset
		return nil, errors.New("unsupported encoding")
	}
	k := &kmlReader{file: name, dec: newDecoder(name, maphash.MakeSeed()), warn: warnings{file: name},
		ids: map[uint64]int{}, skipUUIDs: opts.UUIDsCheckedByCaller,
		batches: make(chan kmlBatch, 4), stop: make(chan struct{})}
	go sc.run(k.batches, k.stop)
	return k, nil
}

// run sends the Placemarks in batches until the end, a fatal problem, or
// stop.
func (k *kmlScanner) run(out chan<- kmlBatch, stop <-chan struct{}) {
	defer close(out)
	var b kmlBatch
	for {
		pm, p := k.next()
		if pm != nil {
			b.pms = append(b.pms, *pm)
		}
		b.fatal = p
		if end := pm == nil; end || len(b.pms) >= kmlBatchSize {
			if len(b.pms) > 0 || b.fatal != nil {
				select {
				case out <- b:
				case <-stop:
					return
				}
			}
			if end {
				return
			}
			b = kmlBatch{pms: make([]placemark, 0, kmlBatchSize)}
		}
	}
}

// Next returns the next Placemark as a site.
func (k *kmlReader) Next() (Item, error) {
	for {
		if k.fatal != nil {
			return Item{}, k.fatal
		}
		if k.ci < len(k.cur) {
			pm := &k.cur[k.ci]
			k.ci++
			it, err := k.decode(pm)
			*pm = placemark{}
			return it, err
		}
		b, ok := <-k.batches
		if !ok {
			return Item{}, io.EOF
		}
		k.cur, k.ci = b.pms, 0
		if b.fatal != nil {
			// The placemarks before it come first.
			k.cur = append(k.cur, placemark{index: -1, fatal: b.fatal})
		}
	}
}

func kmlWhere(index, line int) string {
	return "Placemark " + strconv.Itoa(index) + " (line " + strconv.Itoa(line) + ")"
}

// token returns the next XML token, or a fatal problem.
func (k *kmlScanner) token() (xml.Token, *Problem) {
	t, err := k.x.Token()
	if err == nil {
		return t, nil
	}
	if err == io.EOF {
		return nil, nil
	}
	line, col := k.x.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := strings.TrimPrefix(se.Msg, "xml: ")
		if strings.Contains(msg, "invalid UTF-8") {
			msg += ": save the file as UTF-8 (it may be in GBK, EUC-KR, Shift-JIS or Latin-1)"
		}
		return nil, &Problem{File: k.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1, Fatal: true,
			Code: CodeInvalidXML, Message: "malformed XML: " + msg}
	}
	if k.charset != "" {
		return nil, &Problem{File: k.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1, Fatal: true,
			Code: CodeInvalidXML, Message: fmt.Sprintf("the file declares encoding %q: save it as UTF-8", k.charset)}
	}
	return nil, &Problem{File: k.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1, Fatal: true,
		Code: CodeIO, Message: err.Error()}
}

// next returns the next Placemark, nil at the end, or a fatal problem.
func (k *kmlScanner) next() (*placemark, *Problem) {
	for {
		t, p := k.token()
		if p != nil {
			return nil, p
		}
		if t == nil {
			if !k.rooted {
				return nil, &Problem{File: k.file, Index: -1, Fatal: true, Code: CodeEmpty, Message: "the file has no KML elements"}
			}
			return nil, nil
		}
		switch t := t.(type) {
		case xml.StartElement:
			if !k.rooted {
				if t.Name.Local != "kml" {
					return nil, &Problem{File: k.file, Index: -1, Fatal: true, Code: CodeNotKML,
						Message: fmt.Sprintf("not KML: the root element is <%s>, not <kml>", t.Name.Local)}
				}
				k.rooted = true
				continue
			}
			switch t.Name.Local {
			case "Placemark":
				if p := k.placemark(t); p != nil {
					return nil, p
				}
				return &k.pm, nil
			case "Document", "Folder":
				k.stack = append(k.stack, kmlFrame{local: t.Name.Local})
			case "name":
				if n := len(k.stack); n > 0 && k.stack[n-1].local == "Folder" {
					s, p := k.readText()
					if p != nil {
						return nil, p
					}
					k.stack[n-1].folder = strings.TrimSpace(s)
					continue
				}
				fallthrough
			default:
				if err := k.x.Skip(); err != nil {
					_, p := k.tokenErr(err)
					return nil, p
				}
			}
		case xml.EndElement:
			if n := len(k.stack); n > 0 && k.stack[n-1].local == t.Name.Local {
				k.stack = k.stack[:n-1]
			}
		}
	}
}

// tokenErr turns an error from Skip into the problem token would give.
func (k *kmlScanner) tokenErr(err error) (xml.Token, *Problem) {
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	line, col := k.x.InputPos()
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return nil, &Problem{File: k.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1, Fatal: true,
			Code: CodeInvalidXML, Message: "malformed XML: " + strings.TrimPrefix(se.Msg, "xml: ")}
	}
	return nil, &Problem{File: k.file, Where: fmt.Sprintf("line %d, column %d", line, col), Index: -1, Fatal: true,
		Code: CodeInvalidXML, Message: "malformed XML: " + err.Error()}
}

// readText returns the text inside the element just started, nested
// elements' text included, and consumes its end.
func (k *kmlScanner) readText() (string, *Problem) {
	b, p := k.readBytes()
	return string(b), p
}

func (k *kmlScanner) readBytes() ([]byte, *Problem) {
	k.text = k.text[:0]
	for depth := 1; ; {
		t, p := k.token()
		if p != nil {
			return nil, p
		}
		if t == nil {
			_, p := k.tokenErr(io.ErrUnexpectedEOF)
			return nil, p
		}
		switch t := t.(type) {
		case xml.CharData:
			k.text = append(k.text, t...)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth--; depth == 0 {
				return k.text, nil
			}
		}
	}
}

// skip consumes the rest of the element just started.
func (k *kmlScanner) skip() *Problem {
	if err := k.x.Skip(); err != nil {
		_, p := k.tokenErr(err)
		return p
	}
	return nil
}

// children calls f for each child element of the element just started and
// consumes its end; f must consume the child (read, skip or recurse).
func (k *kmlScanner) children(f func(xml.StartElement) *Problem) *Problem {
	return k.children2(f, nil)
}

// placemark reads one Placemark into k.pm.
func (k *kmlScanner) placemark(start xml.StartElement) *Problem {
	pm := &k.pm
	line, _ := k.x.InputPos()
	var path []string
	for _, fr := range k.stack {
		if fr.local == "Folder" && fr.folder != "" {
			path = append(path, fr.folder)
		}
	}
	folder, cut := folderPath(path)
	*pm = placemark{index: k.index, line: line, folder: folder, folderCut: cut}
	for _, a := range start.Attr {
		if a.Name.Local == "id" && a.Name.Space == "" {
			pm.id, pm.hasID = a.Value, true
		}
	}
	k.index++
	return k.children(func(t xml.StartElement) *Problem {
		var p *Problem
		switch t.Name.Local {
		case "name":
			pm.name, p = k.readText()
			pm.hasName = true
		case "description":
			pm.desc, p = k.readText()
			pm.hasDesc = true
		case "TimeSpan":
			p = k.children(func(t xml.StartElement) *Problem {
				var p *Problem
				switch t.Name.Local {
				case "begin":
					pm.begin, p = k.readText()
				case "end":
					pm.end, p = k.readText()
				default:
					p = k.skip()
				}
				return p
			})
		case "TimeStamp":
			p = k.children(func(t xml.StartElement) *Problem {
				if t.Name.Local != "when" {
					return k.skip()
				}
				var p *Problem
				pm.begin, p = k.readText()
				pm.end = pm.begin
				return p
			})
		case "ExtendedData":
			p = k.extendedData()
		case "Point", "LineString", "LinearRing", "Polygon", "MultiGeometry", "Track", "MultiTrack", "Model":
			if pm.geom != nil || pm.geomErr != "" {
				pm.geomErr, pm.geomCode = "has more than one geometry (use a MultiGeometry)", CodeBadGeometry
				return k.skip()
			}
			g, err := k.geometry(t, 0)
			if err != nil {
				return err
			}
			pm.geom = g
		default:
			p = k.skip()
		}
		return p
	})
}

// extendedData reads Data and SchemaData/SimpleData name-value pairs.
func (k *kmlScanner) extendedData() *Problem {
	pm := &k.pm
	attr := func(t xml.StartElement) string {
		for _, a := range t.Attr {
			if a.Name.Local == "name" {
				return a.Value
			}
		}
		return ""
	}
	return k.children(func(t xml.StartElement) *Problem {
		switch t.Name.Local {
		case "Data":
			key, value := attr(t), ""
			p := k.children(func(t xml.StartElement) *Problem {
				if t.Name.Local != "value" {
					return k.skip()
				}
				var p *Problem
				value, p = k.readText()
				return p
			})
			if key != "" {
				pm.keys, pm.values = append(pm.keys, key), append(pm.values, value)
			}
			return p
		case "SchemaData":
			return k.children(func(t xml.StartElement) *Problem {
				if t.Name.Local != "SimpleData" {
					return k.skip()
				}
				key := attr(t)
				value, p := k.readText()
				if key != "" {
					pm.keys, pm.values = append(pm.keys, key), append(pm.values, value)
				}
				return p
			})
		}
		return k.skip()
	})
}

// Folder paths are kept to this depth and length: 10,000 nested Folders
// made every site store its whole path, a 1.3 MB file a 1.05 GB database.
const (
	maxFolderDepth = 8
	maxFolderBytes = 300
)

// folderPath joins the folder names a Placemark is in ("Jilin / Tumen"),
// keeping the outermost two and the innermost five of a deeper path and at
// most maxFolderBytes; cut says it was shortened.
func folderPath(path []string) (string, bool) {
	cut := false
	if len(path) > maxFolderDepth {
		path = append(append(path[:2:2], "…"), path[len(path)-5:]...)
		cut = true
	}
	s := strings.Join(path, " / ")
	if len(s) > maxFolderBytes {
		i := maxFolderBytes
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
		s, cut = s[:i]+"…", true
	}
	return s, cut
}
