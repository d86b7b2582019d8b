package photo

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Info is what Read found in a file. Fields it could not read are zero or nil; Problems says
// why (a broken EXIF block is reported, not an error: the file is still evidence and is kept).
type Info struct {
	Kind      Kind
	MediaType string
	Size      int64
	SHA256    string // lower-case hex of the whole file as received

	// Position is orb.Point{lon, lat} in WGS84, nil when the file has none. A GPS IFD
	// without latitude and longitude, unreadable rationals, or exactly (0, 0) is no position.
	Position *orb.Point
	Altitude *float64 // metres; negative below sea level (GPSAltitudeRef 1)
	// GPSTime is the UTC time of the fix (GPSDateStamp + GPSTimeStamp) when both are present.
	GPSTime *time.Time

	// TakenAt is the time the photo was taken: DateTimeOriginal, else CreateDate
	// (DateTimeDigitized), else DateTime. With its matching OffsetTime* tag it is in that
	// fixed zone and TakenAtHasOffset is true; without one the clock reading is kept as is in
	// UTC (a nominal location: the real offset is unknown) and TakenAtHasOffset is false.
	TakenAt          *time.Time
	TakenAtHasOffset bool
	TakenAtTag       string // which tag TakenAt came from, as exiftool names it

	Make, Model string
	Orientation int // 1..8 as in EXIF; 1 when absent or invalid
	Width       int // pixels as stored (before orientation), 0 when not cheaply known
	Height      int

	HasEXIF  bool
	Problems []string // what could not be read, with where
}

// Camera is make and model together, without repeating the make ("Canon Canon EOS 5D").
func (in Info) Camera() string {
	mk, md := strings.TrimSpace(in.Make), strings.TrimSpace(in.Model)
	switch {
	case mk == "":
		return md
	case md == "", strings.EqualFold(mk, md):
		return mk
	case strings.HasPrefix(strings.ToLower(md), strings.ToLower(mk)):
		return md
	}
	return mk + " " + md
}

// Upright reports the displayed size: width and height swapped for orientations 5..8.
func (in Info) Upright() (w, h int) {
	if in.Orientation >= 5 && in.Orientation <= 8 {
		return in.Height, in.Width
	}
	return in.Width, in.Height
}

// Read sniffs data, hashes it and reads its metadata without decoding any pixels, so its cost
// is the hash plus a walk of the headers. name is used for messages and as a fallback for the
// kind. The only error is a file larger than MaxBytes; everything else lands in Problems.
func Read(data []byte, name string) (Info, error) {
	if err := CheckSize(name, int64(len(data))); err != nil {
		return Info{}, err
	}
	in := readMeta(data, name)
	sum := sha256.Sum256(data)
	in.SHA256 = hex.EncodeToString(sum[:])
	return in, nil
}

// readMeta is Read without the size check and the hash.
func readMeta(data []byte, name string) Info {
	in := Info{Size: int64(len(data)), Orientation: 1}
	in.Kind = Sniff(data[:min(len(data), SniffLen)], name)
	in.MediaType = in.Kind.MediaType()

	var (
		exif []byte
		err  error
	)
	switch in.Kind {
	case KindJPEG:
		exif, in.Width, in.Height, err = jpegMeta(data)
	case KindPNG:
		exif, in.Width, in.Height, err = pngMeta(data)
	case KindWebP:
		exif, in.Width, in.Height, err = webpMeta(data)
	case KindTIFF:
		exif = data
	case KindHEIC, KindHEIF, KindAVIF:
		exif, in.Width, in.Height, err = heifMeta(data)
	case KindGIF:
		if len(data) >= 10 {
			in.Width, in.Height = int(data[6])|int(data[7])<<8, int(data[8])|int(data[9])<<8
		}
	}
	if err != nil {
		in.problem("%s: %v", name, err)
	}
	if exif != nil {
		in.readEXIF(exif, name)
	}
	return in
}

func (in *Info) problem(format string, args ...any) {
	in.Problems = append(in.Problems, fmt.Sprintf(format, args...))
}

func (in *Info) readEXIF(b []byte, name string) {
	d, err := parseTIFF(b)
	if err != nil {
		in.problem("%s: EXIF: %v", name, err)
		return
	}
	in.HasEXIF = true
	for _, p := range d.problems {
		in.problem("%s: EXIF: %s", name, p)
	}
	bo := d.bo
	in.Make, _ = d.ifd0.str(tagMake)
	in.Model, _ = d.ifd0.str(tagModel)
	if o, ok := d.ifd0.uint(bo, tagOrientation); ok {
		if o >= 1 && o <= 8 {
			in.Orientation = int(o)
		} else {
			in.problem("%s: EXIF: Orientation %d is not 1..8; treated as 1", name, o)
		}
	}
	if in.Kind == KindTIFF {
		in.Width, in.Height = dim(d.ifd0, bo, tagImageWidth), dim(d.ifd0, bo, tagImageLength)
	}
	if in.Width == 0 || in.Height == 0 {
		in.Width, in.Height = dim(d.exif, bo, tagPixelXDimension), dim(d.exif, bo, tagPixelYDimension)
	}
	in.readTime(d, name)
	if d.hasGPSIFD {
		in.readGPS(d, name)
	}
}

func dim(f ifd, bo binary.ByteOrder, tag uint16) int {
	v, _ := f.uint(bo, tag)
	return int(v)
}

// exifTimeLayouts: the EXIF form first; some tools write ISO-style dashes.
var exifTimeLayouts = []string{"2006:01:02 15:04:05", "2006-01-02 15:04:05", "2006:01:02T15:04:05", "2006:01:02 15:04"}

func (in *Info) readTime(d *exifData, name string) {
	for _, c := range []struct {
		f           ifd
		tag, offTag uint16
		name        string
	}{
		{d.exif, tagDateTimeOriginal, tagOffsetTimeOrig, "DateTimeOriginal"},
		{d.exif, tagCreateDate, tagOffsetTimeDigit, "CreateDate"},
		{d.ifd0, tagDateTime, tagOffsetTime, "ModifyDate"},
	} {
		s, ok := c.f.str(c.tag)
		if !ok || strings.Trim(s, "0: ") == "" { // unset cameras write "0000:00:00 00:00:00" or blanks
			continue
		}
		var t time.Time
		var err error
		for _, l := range exifTimeLayouts {
			if t, err = time.Parse(l, s); err == nil {
				break
			}
		}
		if err != nil {
			in.problem("%s: EXIF: %s %q is not a date and time", name, c.name, s)
			continue
		}
		if off, ok := c.f.str(c.offTag); ok {
			if z, ok := parseOffset(off); ok {
				t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, z)
				in.TakenAtHasOffset = true
			} else {
				in.problem("%s: EXIF: offset %q for %s is not ±HH:MM; offset unknown", name, off, c.name)
			}
		}
		in.TakenAt, in.TakenAtTag = &t, c.name
		return
	}
}

// parseOffset reads "+08:00", "-05:30" (and "+0800") as a fixed zone.
func parseOffset(s string) (*time.Location, bool) {
	s = strings.TrimSpace(s)
	if len(s) == 5 {
		s = s[:3] + ":" + s[3:]
	}
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return nil, false
	}
	var h, m int
	if _, err := fmt.Sscanf(s[1:], "%2d:%2d", &h, &m); err != nil || h > 14 || m > 59 {
		return nil, false
	}
	sec := (h*60 + m) * 60
	if s[0] == '-' {
		sec = -sec
	}
	return time.FixedZone(s, sec), true
}

func (in *Info) readGPS(d *exifData, name string) {
	g, bo := d.gps, d.bo
	lat, okLat := g.rationals(bo, tagGPSLatitude, 3)
	lon, okLon := g.rationals(bo, tagGPSLongitude, 3)
	latRef, _ := g.str(tagGPSLatitudeRef)
	lonRef, _ := g.str(tagGPSLongitudeRef)
	if okLat && okLon {
		la, lo := lat[0]+lat[1]/60+lat[2]/3600, lon[0]+lon[1]/60+lon[2]/3600
		switch {
		case la == 0 && lo == 0:
			// Cameras without a fix write zeros (with or without refs): no position.
			in.problem("%s: GPS: latitude and longitude are both 0; treated as no position", name)
		case la < 0 || la > 90 || lo < 0 || lo > 180:
			in.problem("%s: GPS: latitude %g or longitude %g is out of range; no position", name, la, lo)
		default:
			sLat, e1 := refSign(latRef, "N", "S")
			sLon, e2 := refSign(lonRef, "E", "W")
			for _, e := range []string{e1, e2} {
				if e != "" {
					in.problem("%s: GPS: %s", name, e)
				}
			}
			p := orb.Point{sLon * lo, sLat * la}
			in.Position = &p
		}
	} else if _, has := g[tagGPSLatitude]; has {
		in.problem("%s: GPS: latitude or longitude is not three readable rationals; no position", name)
	}
	if st, ok := g.str(tagGPSStatus); ok && in.Position != nil && strings.EqualFold(st, "V") {
		in.problem("%s: GPS: GPSStatus is V (measurement void): the position may be stale", name)
	}
	if alt, ok := g.rationals(bo, tagGPSAltitude, 1); ok {
		a := alt[0]
		if ref, ok := g.uint(bo, tagGPSAltitudeRef); ok && ref == 1 && a != 0 { // no -0
			a = -a
		}
		in.Altitude = &a
	}
	if ds, ok := g.str(tagGPSDateStamp); ok {
		if ts, ok := g.rationals(bo, tagGPSTimeStamp, 3); ok {
			if day, err := time.Parse("2006:01:02", ds); err == nil && ts[0] < 24 && ts[1] < 60 && ts[2] < 61 {
				sec, frac := math.Modf(ts[2])
				t := day.Add(time.Duration(ts[0])*time.Hour + time.Duration(ts[1])*time.Minute +
					time.Duration(sec)*time.Second + time.Duration(frac*1e9))
				in.GPSTime = &t
			}
		}
	}
}

// refSign turns a GPS reference letter into a sign; a missing or odd one counts as positive
// and is reported, because guessing silently could put a site in the wrong hemisphere.
func refSign(ref, pos, neg string) (float64, string) {
	switch strings.ToUpper(ref) {
	case pos:
		return 1, ""
	case neg:
		return -1, ""
	case "":
		return 1, fmt.Sprintf("no %s/%s reference; assumed %s", pos, neg, pos)
	}
	return 1, fmt.Sprintf("reference %q is not %s or %s; assumed %s", ref, pos, neg, pos)
}
