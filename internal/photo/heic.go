package photo

import (
	"encoding/binary"
	"fmt"
)

// HEIC/HEIF/AVIF (ISOBMFF) EXIF: the 'meta' box lists items in 'iinf' (one 'infe' per item,
// with its type), and 'iloc' says where each item's bytes are (file offsets, or offsets in the
// 'idat' box). The EXIF item's bytes start with a 4-byte offset to the TIFF header.

type box struct {
	typ  string
	data []byte // the payload after the header
}

// boxes splits b into ISOBMFF boxes; a broken header ends the list with an error.
func boxes(b []byte) ([]box, error) {
	var out []box
	for i := uint64(0); i < uint64(len(b)); {
		if i+8 > uint64(len(b)) {
			return out, fmt.Errorf("HEIF: box header at offset %d is cut short", i)
		}
		size, hdr := uint64(binary.BigEndian.Uint32(b[i:])), uint64(8)
		typ := string(b[i+4 : i+8])
		switch size {
		case 0: // to the end
			size = uint64(len(b)) - i
		case 1:
			if i+16 > uint64(len(b)) {
				return out, fmt.Errorf("HEIF: box %q at offset %d has no 64-bit size", typ, i)
			}
			size, hdr = binary.BigEndian.Uint64(b[i+8:]), 16
		}
		if size < hdr || size > uint64(len(b))-i {
			return out, fmt.Errorf("HEIF: box %q at offset %d claims %d bytes, %d are left", typ, i, size, uint64(len(b))-i)
		}
		out = append(out, box{typ: typ, data: b[i+hdr : i+size]})
		i += size
	}
	return out, nil
}

func findBox(bs []box, typ string) (box, bool) {
	for _, x := range bs {
		if x.typ == typ {
			return x, true
		}
	}
	return box{}, false
}

type reader struct {
	b   []byte
	off uint64
	bad bool
}

func (r *reader) n(size int) uint64 {
	if size == 0 {
		return 0
	}
	if r.bad || r.off+uint64(size) > uint64(len(r.b)) {
		r.bad = true
		return 0
	}
	var v uint64
	for _, c := range r.b[r.off : r.off+uint64(size)] {
		v = v<<8 | uint64(c)
	}
	r.off += uint64(size)
	return v
}

const maxHEIFItems = 1 << 16

func heifMeta(b []byte) (exif []byte, w, h int, err error) {
	top, err := boxes(b)
	meta, ok := findBox(top, "meta")
	if !ok {
		if err == nil {
			err = fmt.Errorf("HEIF: no 'meta' box")
		}
		return nil, 0, 0, err
	}
	if len(meta.data) < 4 {
		return nil, 0, 0, fmt.Errorf("HEIF: 'meta' box is cut short")
	}
	kids, err := boxes(meta.data[4:]) // meta is a full box: version and flags first
	if iprp, ok := findBox(kids, "iprp"); ok {
		w, h = heifSize(iprp.data)
	}
	id, ok := heifExifID(kids)
	if !ok {
		return nil, w, h, err
	}
	exif, e := heifItem(b, kids, id)
	if e != nil {
		return nil, w, h, e
	}
	if len(exif) < 4 {
		return nil, w, h, fmt.Errorf("HEIF: Exif item %d is %d bytes, too short", id, len(exif))
	}
	skip := uint64(binary.BigEndian.Uint32(exif)) + 4
	if skip > uint64(len(exif)) {
		return nil, w, h, fmt.Errorf("HEIF: Exif item %d: TIFF header offset %d is past its end", id, skip-4)
	}
	exif = exif[skip:]
	if len(exif) >= 6 && string(exif[:6]) == string(exifPrefix) {
		exif = exif[6:]
	}
	return exif, w, h, err
}

// heifExifID finds the item id of the first item of type 'Exif' in iinf.
func heifExifID(kids []box) (uint32, bool) {
	iinf, ok := findBox(kids, "iinf")
	if !ok || len(iinf.data) < 4 {
		return 0, false
	}
	skip := 6
	if iinf.data[0] != 0 {
		skip = 8
	}
	if len(iinf.data) < skip {
		return 0, false
	}
	entries, _ := boxes(iinf.data[skip:])
	for _, e := range entries {
		if e.typ != "infe" || len(e.data) < 4 || e.data[0] < 2 {
			continue // versions 0 and 1 carry no item type
		}
		r := &reader{b: e.data, off: 4}
		idSize := 2
		if e.data[0] >= 3 {
			idSize = 4
		}
		id := r.n(idSize)
		r.n(2) // item_protection_index
		typ := r.n(4)
		if !r.bad && typ == uint64(be32([]byte("Exif"))) {
			return uint32(id), true
		}
	}
	return 0, false
}

// heifItem gathers the bytes of item id from its iloc extents.
func heifItem(file []byte, kids []box, id uint32) ([]byte, error) {
	iloc, ok := findBox(kids, "iloc")
	if !ok || len(iloc.data) < 6 {
		return nil, fmt.Errorf("HEIF: Exif item %d but no usable 'iloc' box", id)
	}
	r := &reader{b: iloc.data}
	version := r.n(1)
	r.n(3)
	sizes := r.n(2)
	offSize, lenSize, baseSize := int(sizes>>12&0xF), int(sizes>>8&0xF), int(sizes>>4&0xF)
	idxSize := 0
	if version == 1 || version == 2 {
		idxSize = int(sizes & 0xF)
	}
	for _, s := range []int{offSize, lenSize, baseSize, idxSize} {
		if s != 0 && s != 4 && s != 8 {
			return nil, fmt.Errorf("HEIF: 'iloc' field size %d is not 0, 4 or 8", s)
		}
	}
	idSize := 2
	if version == 2 {
		idSize = 4
	}
	count := r.n(idSize)
	if count > maxHEIFItems {
		return nil, fmt.Errorf("HEIF: 'iloc' claims %d items", count)
	}
	// Extents may have all field sizes 0 and then consume no bytes: bound the total work so
	// 65,536 items of 65,535 empty extents cannot spin for billions of steps.
	work := 0
	for i := uint64(0); i < count && !r.bad; i++ {
		itemID := r.n(idSize)
		method := uint64(0)
		if version == 1 || version == 2 {
			method = r.n(2) & 0xF
		}
		r.n(2) // data_reference_index
		base := r.n(baseSize)
		extents := r.n(2)
		var out []byte
		for e := uint64(0); e < extents && !r.bad; e++ {
			if work++; work > maxHEIFItems {
				return nil, fmt.Errorf("HEIF: 'iloc' has more than %d extents", maxHEIFItems)
			}
			r.n(idxSize)
			off, n := r.n(offSize), r.n(lenSize)
			if uint32(itemID) != id || r.bad {
				continue
			}
			src := file
			if method == 1 {
				idat, ok := findBox(kids, "idat")
				if !ok {
					return nil, fmt.Errorf("HEIF: Exif item %d is in 'idat' but there is none", id)
				}
				src = idat.data
			} else if method != 0 {
				return nil, fmt.Errorf("HEIF: Exif item %d uses construction method %d", id, method)
			}
			start := base + off
			if start < base || n > uint64(len(src)) || start > uint64(len(src))-n {
				return nil, fmt.Errorf("HEIF: Exif item %d extent at %d+%d is past the end of the data", id, start, n)
			}
			if n == 0 && lenSize == 0 && extents == 1 { // length 0: to the end
				n = uint64(len(src)) - start
			}
			if uint64(len(out))+n > MaxBytes {
				return nil, fmt.Errorf("HEIF: Exif item %d is larger than %d bytes", id, MaxBytes)
			}
			out = append(out, src[start:start+n]...)
		}
		if uint32(itemID) == id && !r.bad {
			return out, nil
		}
	}
	return nil, fmt.Errorf("HEIF: Exif item %d has no usable 'iloc' entry", id)
}

// heifSize returns the largest 'ispe' (image spatial extent) in iprp/ipco: the primary image
// of a grid is larger than its tiles and its thumbnail.
func heifSize(iprp []byte) (w, h int) {
	kids, _ := boxes(iprp)
	ipco, ok := findBox(kids, "ipco")
	if !ok {
		return 0, 0
	}
	props, _ := boxes(ipco.data)
	for _, p := range props {
		if p.typ == "ispe" && len(p.data) >= 12 {
			pw, ph := int(be32(p.data[4:])), int(be32(p.data[8:]))
			if pw > 0 && ph > 0 && int64(pw)*int64(ph) > int64(w)*int64(h) {
				w, h = pw, ph
			}
		}
	}
	return w, h
}
