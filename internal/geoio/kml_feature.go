package geoio

import (
	"bytes"
	"fmt"
	"strings"
)

// kmlProp is one property of the feature a Placemark stands for, as JSON.
type kmlProp struct {
	key string
	raw []byte
}

// props turns the Placemark's Data into JSON properties (see kml_read.go).
// An empty value of a model field (My Maps writes <value/> for an empty
// column) is no value: the decoder would take an empty notes for notes
// present, keep the description apart, and a GeoJSON export would then
// turn it into notes.
func (k *kmlReader) props(pm *placemark, dst []kmlProp) []kmlProp {
	return dataProps(&k.p, pm.keys, pm.values, dst)
}

// dataProps turns name-value pairs as our KML and GPX writers write them
// into JSON properties, using p to check embedded JSON.
func dataProps(kp *parser, keys, values []string, dst []kmlProp) []kmlProp {
	var sw jsonWriter
	add := func(key string, raw []byte) {
		if _, known := lookupProp(key); known {
			if t := string(bytes.TrimSpace(raw)); t == "null" || t == `""` {
				return
			}
		}
		dst = append(dst, kmlProp{key: key, raw: raw})
	}
	for i, key := range keys {
		v := values[i]
		trimmed := bytes.TrimSpace([]byte(v))
		p, known := lookupProp(key)
		// Only lists, "extra", numbers and booleans may be JSON; trying
		// to parse every text would cost a failed parse each.
		embeddable := key == "extra" || known && (p == pAliases || p == pTags || p == pSources || p == pObservations || p == pWorkers || p == pConfidential)
		if embeddable && len(trimmed) > 0 {
			isJSON := kp.parse(trimmed) == nil
			kind := kNull
			if isJSON {
				kind = kp.nodes[0].kind
			}
			switch {
			case key == "extra" && kind == kObject:
				root := &kp.nodes[0]
				for j := 0; j+1 < int(root.n); j += 2 {
					kn, vn := kp.child(root, j), kp.child(root, j+1)
					add(kp.text(kn), compact(nil, kp.raw(vn)))
				}
				continue
			case key == "extra":
			case (p == pAliases || p == pTags || p == pSources || p == pObservations) && (kind == kArray || kind == kObject),
				p == pWorkers && kind == kNumber, p == pConfidential && (kind == kTrue || kind == kFalse):
				add(key, compact(nil, trimmed))
				continue
			}
		}
		sw.b = nil
		sw.str(v)
		add(key, sw.b)
	}
	return dst
}

// kmlDate makes a TimeSpan value a partial date: KML allows a dateTime,
// of which the model keeps the day.
func kmlDate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[10] == 'T' {
		return s[:10]
	}
	return s
}

// feature writes the GeoJSON Feature for the Placemark and decodes it.
func (k *kmlReader) feature(pm *placemark, props []kmlProp, withDesc bool, res *result) {
	has := func(key string) bool {
		for _, p := range props {
			if p.key == key {
				return true
			}
		}
		return false
	}
	w := &k.jw
	w.keepWinding = true
	w.b = append(w.b[:0], `{"type":"Feature"`...)
	if pm.hasID {
		w.b = append(w.b, `,"id":`...)
		w.str(pm.id)
	}
	w.b = append(w.b, `,"geometry":`...)
	w.geometry(pm.geom)
	w.b = append(w.b, `,"properties":{`...)
	f := fields{w: w, first: true}
	if strings.TrimSpace(pm.name) != "" && !has("name") {
		f.str("name", pm.name)
	}
	if withDesc {
		f.str("description", pm.desc)
	}
	for _, p := range props {
		f.key(p.key)
		w.b = append(w.b, p.raw...)
	}
	if !has("folder") {
		f.str("folder", pm.folder)
		if pm.folderCut {
			k.warn.addOnce(Problem{File: k.file, Index: -1, Code: CodeProperty,
				Message: fmt.Sprintf("folders nested deeper than %d levels or longer than %d bytes: the folder property keeps the outer and inner ones", maxFolderDepth, maxFolderBytes)})
		}
	}
	if !has("first_reported") {
		f.str("first_reported", kmlDate(pm.begin))
	}
	if !has("last_reported") {
		f.str("last_reported", kmlDate(pm.end))
	}
	w.b = append(w.b, "}}"...)
	rec := rawRecord{index: pm.index, line: pm.line, col: 1, inFC: true, kml: true, data: w.b}
	k.dec.decode(&rec, res)
	if cap(w.b) > 1<<20 {
		w.b = nil
	}
}

// decode makes the site of the Placemark just read.
func (k *kmlReader) decode(pm *placemark) (Item, error) {
	if pm.fatal != nil {
		k.fatal = pm.fatal
		k.Close()
		return Item{}, k.fatal
	}
	index := pm.index
	where := kmlWhere(index, pm.line)
	if pm.z {
		k.warn.addOnce(Problem{File: k.file, Index: -1, Code: CodeZDropped,
			Message: "altitudes dropped: the file has 3D coordinates; Site Atlas keeps longitude and latitude only"})
	}
	for _, s := range pm.skipped {
		k.warn.add(Problem{File: k.file, Where: where, Index: index, Code: CodeUnsupportedGeometry,
			Message: fmt.Sprintf("<%s> geometry is not supported; skipped", s)})
	}
	if pm.geomErr != "" {
		return Item{}, &Problem{File: k.file, Where: where, Index: index, Code: pm.geomCode, Message: pm.geomErr}
	}
	props := k.props(pm, nil)
	descIn := func() bool {
		for _, p := range props {
			if p.key == "description" {
				return false
			}
		}
		return strings.TrimSpace(pm.desc) != ""
	}()
	var res result
	k.feature(pm, props, false, &res)
	if descIn && (!res.ok || string(kmlSummary(nil, &res.item.Site)) != pm.desc) {
		// Not the summary our writer makes of this site: keep it.
		k.feature(pm, props, true, &res)
	}
	for _, w := range res.warns {
		k.warn.add(w)
	}
	if res.err != nil {
		res.err.Fatal = false
		return Item{}, res.err
	}
	if !res.ok {
		return Item{}, &Problem{File: k.file, Where: where, Index: index, Code: CodeBadGeometry, Message: "could not be read"}
	}
	if res.hasID && !(k.skipUUIDs && res.item.HasID) {
		if prev, dup := k.ids[res.idHash]; dup {
			return Item{}, &Problem{File: k.file, Where: where, Index: index, Code: CodeDuplicateID,
				Message: fmt.Sprintf("duplicate Placemark id %s: Placemark %d has the same id", res.idText, prev)}
		}
		k.ids[res.idHash] = index
	}
	return res.item, nil
}

// Warnings returns the warnings so far, in file order.
func (k *kmlReader) Warnings() []Problem { return k.warn.all() }

// Close stops the XML parsing goroutine.
func (k *kmlReader) Close() error {
	k.closed.Do(func() { close(k.stop) })
	return nil
}
