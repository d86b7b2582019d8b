package photo

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Kind is what a file is, as far as attachments care.
type Kind int

// The kinds an attachment can be. KindOther is stored but never parsed.
const (
	KindOther Kind = iota
	KindJPEG
	KindPNG
	KindWebP
	KindTIFF
	KindHEIC // ISOBMFF with an HEVC brand (heic, heix, ...)
	KindHEIF // ISOBMFF image without a HEVC brand (mif1, msf1)
	KindAVIF
	KindGIF
	KindPDF
	KindText
)

var kindInfo = [...]struct{ name, media string }{
	KindOther: {"other", "application/octet-stream"},
	KindJPEG:  {"jpeg", "image/jpeg"},
	KindPNG:   {"png", "image/png"},
	KindWebP:  {"webp", "image/webp"},
	KindTIFF:  {"tiff", "image/tiff"},
	KindHEIC:  {"heic", "image/heic"},
	KindHEIF:  {"heif", "image/heif"},
	KindAVIF:  {"avif", "image/avif"},
	KindGIF:   {"gif", "image/gif"},
	KindPDF:   {"pdf", "application/pdf"},
	KindText:  {"text", "text/plain; charset=utf-8"},
}

// String is the short lower-case name ("jpeg", "heic", "other").
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindInfo) {
		return "other"
	}
	return kindInfo[k].name
}

// MediaType is the IANA media type stored with the attachment.
func (k Kind) MediaType() string {
	if k < 0 || int(k) >= len(kindInfo) {
		return kindInfo[KindOther].media
	}
	return kindInfo[k].media
}

// IsImage says whether the kind is a raster image (decodable or not).
func (k Kind) IsImage() bool {
	switch k {
	case KindJPEG, KindPNG, KindWebP, KindTIFF, KindHEIC, KindHEIF, KindAVIF, KindGIF:
		return true
	}
	return false
}

// SniffLen is how many leading bytes Sniff looks at; give it at least this many when you can.
const SniffLen = 512

var extKinds = map[string]Kind{
	".jpg": KindJPEG, ".jpeg": KindJPEG, ".jpe": KindJPEG, ".jfif": KindJPEG,
	".png": KindPNG, ".webp": KindWebP, ".tif": KindTIFF, ".tiff": KindTIFF,
	".heic": KindHEIC, ".heics": KindHEIC, ".heif": KindHEIF, ".hif": KindHEIF,
	".avif": KindAVIF, ".gif": KindGIF, ".pdf": KindPDF,
	".txt": KindText, ".text": KindText, ".md": KindText, ".log": KindText,
}

// Sniff says what a file is from its first bytes (magic numbers), and only when they say
// nothing from the extension of name. Magic wins over the extension, because a renamed file
// (photo.jpg that is a PNG) must still be parsed as what it is. Text without an extension is
// recognised when the head is valid UTF-8 with no control bytes.
func Sniff(head []byte, name string) Kind {
	if k := sniffMagic(head); k != KindOther {
		return k
	}
	if k, ok := extKinds[strings.ToLower(filepath.Ext(name))]; ok {
		return k
	}
	if looksLikeText(head) {
		return KindText
	}
	return KindOther
}

func sniffMagic(b []byte) Kind {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return KindJPEG
	case bytes.HasPrefix(b, pngSig):
		return KindPNG
	case len(b) >= 12 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return KindWebP
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return KindTIFF
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return KindGIF
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return KindPDF
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		return sniffFtyp(b)
	}
	return KindOther
}

// sniffFtyp reads an ISOBMFF ftyp box: the major brand, then the compatible brands.
func sniffFtyp(b []byte) Kind {
	size := int(be32(b[0:4]))
	if size < 16 || size > len(b) {
		size = len(b)
	}
	brands := [][]byte{b[8:12]}
	for off := 16; off+4 <= size; off += 4 {
		brands = append(brands, b[off:off+4])
	}
	found := KindOther
	for _, br := range brands {
		switch string(br) {
		case "heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs":
			return KindHEIC
		case "avif", "avis":
			if found == KindOther {
				found = KindAVIF
			}
		case "mif1", "msf1":
			if found == KindOther {
				found = KindHEIF
			}
		}
	}
	return found
}

func looksLikeText(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	// The head may end inside a multi-byte rune: drop an unfinished last rune.
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				b = b[:len(b)-i]
			}
			break
		}
	}
	if !utf8.Valid(b) {
		return false
	}
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			return false
		}
	}
	return true
}

// MaxBytes is the largest attachment accepted (100 MiB): big enough for a RAW-sized JPEG or
// a scanned PDF, small enough that the database and an export bundle stay workable.
const MaxBytes = 100 << 20

// CheckSize returns an error naming the file, its size and the limit when size exceeds MaxBytes.
func CheckSize(name string, size int64) error {
	if size < 0 {
		return fmt.Errorf("%s: size %d bytes is not a file size", name, size)
	}
	if size > MaxBytes {
		return fmt.Errorf("%s is %s, larger than the %s limit for an attachment; "+
			"reduce it (resize the photo, split the PDF) and attach it again",
			name, humanBytes(size), humanBytes(MaxBytes))
	}
	return nil
}

func humanBytes(n int64) string {
	const mib = 1 << 20
	if n >= mib {
		return fmt.Sprintf("%.1f MiB (%d bytes)", float64(n)/mib, n)
	}
	return fmt.Sprintf("%d bytes", n)
}
