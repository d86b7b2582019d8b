package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"
)

// writer numbers objects and records their offsets for the xref table.
type writer struct {
	buf     bytes.Buffer
	offsets []int // by object number; 0 = not yet written
}

func (w *writer) alloc() int {
	w.offsets = append(w.offsets, 0)
	return len(w.offsets) // object numbers start at 1
}

func (w *writer) obj(n int, body string) {
	w.offsets[n-1] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n%s\nendobj\n", n, body)
}

// stream writes a Flate-compressed stream with the extra dictionary
// entries dict (raw=true leaves data as it is, for JPEG).
func (w *writer) stream(n int, dict string, data []byte, raw bool) {
	if !raw {
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
		zw.Write(data)
		zw.Close()
		data = z.Bytes()
		dict += " /Filter /FlateDecode"
	}
	w.offsets[n-1] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n<< %s /Length %d >>\nstream\n", n, strings.TrimSpace(dict), len(data))
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

func ref(n int) string { return fmt.Sprintf("%d 0 R", n) }

// textString encodes a PDF text string: literal for printable ASCII,
// UTF-16BE with a byte order mark otherwise.
func textString(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
		return "(" + r.Replace(s) + ")"
	}
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// Write serialises the document. It can be called more than once; the
// same document gives the same bytes.
func (d *Document) Write(out io.Writer) error {
	if len(d.pages) == 0 {
		return fmt.Errorf("pdf: document has no pages")
	}
	w := &writer{}
	w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	catalog, pagesObj, resources, info := w.alloc(), w.alloc(), w.alloc(), w.alloc()
	pageObjs := make([]int, len(d.pages))
	for i := range pageObjs {
		pageObjs[i] = w.alloc()
	}
	// Resources shared by every page: all fonts and images.
	var res strings.Builder
	res.WriteString("<< /ProcSet [/PDF /Text /ImageB /ImageC]")
	if len(d.fonts) > 0 {
		res.WriteString(" /Font <<")
		for _, f := range d.fonts {
			n, err := d.writeFont(w, f)
			if err != nil {
				return err
			}
			fmt.Fprintf(&res, " /%s %s", f.res, ref(n))
		}
		res.WriteString(" >>")
	}
	if len(d.images) > 0 {
		res.WriteString(" /XObject <<")
		for _, img := range d.images {
			fmt.Fprintf(&res, " /%s %s", img.res, ref(d.writeImage(w, img)))
		}
		res.WriteString(" >>")
	}
	res.WriteString(" >>")
	w.obj(resources, res.String())

	kids := make([]string, len(pageObjs))
	for i, p := range d.pages {
		kids[i] = ref(pageObjs[i])
		content := w.alloc()
		w.stream(content, "", p.content.Bytes(), false)
		var annots []string
		for _, a := range p.annots {
			n := w.alloc()
			rect := fmt.Sprintf("[%s %s %s %s]", num(a.rect.X), num(p.y(a.rect.Y+a.rect.H)), num(a.rect.X+a.rect.W), num(p.y(a.rect.Y)))
			action := ""
			if a.target != nil {
				action = fmt.Sprintf("/Dest [%s /XYZ 0 %s null]", ref(pageObjs[a.target.index]), num(a.target.y(a.y)))
			} else {
				action = fmt.Sprintf("/A << /S /URI /URI %s >>", textString(a.uri))
			}
			w.obj(n, fmt.Sprintf("<< /Type /Annot /Subtype /Link /Rect %s /Border [0 0 0] %s >>", rect, action))
			annots = append(annots, ref(n))
		}
		dict := fmt.Sprintf("<< /Type /Page /Parent %s /MediaBox [0 0 %s %s] /Resources %s /Contents %s",
			ref(pagesObj), num(p.size.W), num(p.size.H), ref(resources), ref(content))
		if len(annots) > 0 {
			dict += " /Annots [" + strings.Join(annots, " ") + "]"
		}
		w.obj(pageObjs[i], dict+" >>")
	}
	w.obj(pagesObj, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(kids)))

	cat := fmt.Sprintf("<< /Type /Catalog /Pages %s", ref(pagesObj))
	if len(d.outline) > 0 {
		cat += fmt.Sprintf(" /Outlines %s /PageMode /UseOutlines", ref(d.writeOutline(w, pageObjs)))
	}
	w.obj(catalog, cat+" >>")
	w.obj(info, d.infoDict())

	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", len(w.offsets)+1)
	for _, off := range w.offsets {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", off)
	}
	// The file ID is a hash of everything before it: stable for the same
	// content, different for different content.
	sum := sha256.Sum256(w.buf.Bytes())
	id := fmt.Sprintf("<%X>", sum[:16])
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root %s /Info %s /ID [%s %s] >>\nstartxref\n%d\n%%%%EOF\n",
		len(w.offsets)+1, ref(catalog), ref(info), id, id, xref)
	_, err := out.Write(w.buf.Bytes())
	return err
}

func (d *Document) infoDict() string {
	var b strings.Builder
	b.WriteString("<<")
	for _, kv := range [][2]string{
		{"Title", d.info.Title}, {"Author", d.info.Author}, {"Subject", d.info.Subject},
		{"Creator", d.info.Creator}, {"Producer", d.info.Producer}, {"CreationDate", d.info.CreationDate},
	} {
		if kv[1] != "" {
			fmt.Fprintf(&b, " /%s %s", kv[0], textString(kv[1]))
		}
	}
	b.WriteString(" >>")
	return b.String()
}

func (d *Document) writeFont(w *writer, f *Font) (int, error) {
	type0, cid, desc, file, tu := w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc()
	prog, err := f.program()
	if err != nil {
		return 0, fmt.Errorf("pdf: embedding font %s: %w", f.Name(), err)
	}
	name := f.subsetTag() + "+" + f.Name()
	sf := f.sf
	flags := 4 // symbolic: glyphs are chosen by CID, not a standard encoding
	if sf.italic != 0 {
		flags |= 64
	}
	w.obj(type0, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%s] /ToUnicode %s >>",
		name, ref(cid), ref(tu)))
	sub, fileKey, extra := "/CIDFontType2", "/FontFile2", " /CIDToGIDMap /Identity"
	if f.cff != nil {
		sub, fileKey, extra = "/CIDFontType0", "/FontFile3", ""
	}
	w.obj(cid, fmt.Sprintf("<< /Type /Font /Subtype %s /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %s /DW 1000 /W %s%s >>",
		sub, name, ref(desc), f.widths(), extra))
	w.obj(desc, fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /Ascent %d /Descent %d /CapHeight %d /StemV 80 %s %s >>",
		name, flags, f.scale(sf.bbox[0]), f.scale(sf.bbox[1]), f.scale(sf.bbox[2]), f.scale(sf.bbox[3]),
		num(sf.italic), f.scale(sf.ascent), f.scale(sf.descent), f.scale(sf.capHeight), fileKey, ref(file)))
	if f.cff != nil {
		w.stream(file, "/Subtype /CIDFontType0C", prog, false)
	} else {
		w.stream(file, fmt.Sprintf("/Length1 %d", len(prog)), prog, false)
	}
	w.stream(tu, "", f.toUnicode(), false)
	return type0, nil
}

func (d *Document) writeImage(w *writer, img *Image) int {
	n := w.alloc()
	dict := fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent %d",
		img.w, img.h, img.colorSpace, img.bpc)
	if img.decode != "" {
		dict += " /Decode " + img.decode
	}
	if img.alpha != nil {
		m := w.alloc()
		w.stream(m, fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8", img.w, img.h), img.alpha, false)
		dict += " /SMask " + ref(m)
	}
	if img.filter == "DCTDecode" {
		w.stream(n, dict+" /Filter /DCTDecode", img.data, true)
	} else {
		w.stream(n, dict, img.data, false)
	}
	return n
}

// writeOutline writes the bookmark tree: each item's parent is the nearest
// earlier item one level up.
func (d *Document) writeOutline(w *writer, pageObjs []int) int {
	root := w.alloc()
	type node struct {
		n, parent, first, last, prev, next, count int
	}
	nodes := make([]node, len(d.outline))
	var stack []int // indexes of the open ancestors
	rootFirst, rootLast, rootCount := 0, 0, 0
	lastAt := map[int]int{} // parent object -> last child index+1
	for i, it := range d.outline {
		nodes[i].n = w.alloc()
		lvl := min(it.level, len(stack))
		stack = stack[:lvl]
		parent := root
		if lvl > 0 {
			parent = nodes[stack[lvl-1]].n
		}
		nodes[i].parent = parent
		if j := lastAt[parent]; j > 0 {
			nodes[j-1].next = nodes[i].n
			nodes[i].prev = nodes[j-1].n
		} else if lvl > 0 {
			nodes[stack[lvl-1]].first = nodes[i].n
		} else {
			rootFirst = nodes[i].n
		}
		lastAt[parent] = i + 1
		if lvl > 0 {
			nodes[stack[lvl-1]].last = nodes[i].n
			for _, a := range stack {
				nodes[a].count++
			}
		} else {
			rootLast = nodes[i].n
		}
		rootCount++
		stack = append(stack, i)
	}
	for i, it := range d.outline {
		nd := nodes[i]
		s := fmt.Sprintf("<< /Title %s /Parent %s /Dest [%s /XYZ 0 %s null]", textString(it.title), ref(nd.parent),
			ref(pageObjs[it.page.index]), num(it.page.y(it.y)))
		for _, kv := range []struct {
			k string
			v int
		}{{"First", nd.first}, {"Last", nd.last}, {"Prev", nd.prev}, {"Next", nd.next}} {
			if kv.v != 0 {
				s += fmt.Sprintf(" /%s %s", kv.k, ref(kv.v))
			}
		}
		if nd.count > 0 {
			s += fmt.Sprintf(" /Count %d", nd.count)
		}
		w.obj(nd.n, s+" >>")
	}
	w.obj(root, fmt.Sprintf("<< /Type /Outlines /First %s /Last %s /Count %d >>", ref(rootFirst), ref(rootLast), rootCount))
	return root
}
