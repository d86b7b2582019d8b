package geoio

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// Small writers of shapefile parts for tests: records and tables made by
// hand, so that bad input can be made exactly.

const wgs84PRJ = `GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]`

// shpFile assembles a .shp of shape type typ from record contents.
func shpFile(typ int32, recs ...[]byte) []byte {
	var b bytes.Buffer
	h := make([]byte, 100)
	binary.BigEndian.PutUint32(h[0:], 9994)
	binary.LittleEndian.PutUint32(h[28:], 1000)
	binary.LittleEndian.PutUint32(h[32:], uint32(typ))
	for i, v := range []float64{-180, -90, 180, 90} {
		binary.LittleEndian.PutUint64(h[36+8*i:], math.Float64bits(v))
	}
	b.Write(h)
	for i, r := range recs {
		var rh [8]byte
		binary.BigEndian.PutUint32(rh[0:], uint32(i+1))
		binary.BigEndian.PutUint32(rh[4:], uint32(len(r)/2))
		b.Write(rh[:])
		b.Write(r)
	}
	out := b.Bytes()
	binary.BigEndian.PutUint32(out[24:], uint32(len(out)/2))
	return out
}

type recBuf struct{ b []byte }

func (r *recBuf) i32(v int32) *recBuf {
	r.b = binary.LittleEndian.AppendUint32(r.b, uint32(v))
	return r
}
func (r *recBuf) f64(v ...float64) *recBuf {
	for _, x := range v {
		r.b = binary.LittleEndian.AppendUint64(r.b, math.Float64bits(x))
	}
	return r
}

func pointRec(x, y float64) []byte { return (&recBuf{}).i32(shpPoint).f64(x, y).b }
func nullRec() []byte              { return (&recBuf{}).i32(shpNull).b }

// partsRec makes a PolyLine or Polygon record; parts are start indexes.
func partsRec(typ int32, parts []int32, pts ...[2]float64) []byte {
	r := (&recBuf{}).i32(typ).f64(0, 0, 0, 0).i32(int32(len(parts))).i32(int32(len(pts)))
	for _, p := range parts {
		r.i32(p)
	}
	for _, p := range pts {
		r.f64(p[0], p[1])
	}
	return r.b
}

type dbfCol struct {
	name     string
	typ      byte
	len, dec int
}

// dbfFile makes a dBase III table; a row starting with '*' is deleted.
func dbfFile(ldid byte, cols []dbfCol, rows ...[]string) []byte {
	recLen := 1
	for _, c := range cols {
		recLen += c.len
	}
	h := make([]byte, 32)
	h[0] = 3
	binary.LittleEndian.PutUint32(h[4:], uint32(len(rows)))
	binary.LittleEndian.PutUint16(h[8:], uint16(32+32*len(cols)+1))
	binary.LittleEndian.PutUint16(h[10:], uint16(recLen))
	h[29] = ldid
	for _, c := range cols {
		d := make([]byte, 32)
		copy(d, c.name)
		d[11], d[16], d[17] = c.typ, byte(c.len), byte(c.dec)
		h = append(h, d...)
	}
	h = append(h, 0x0D)
	for _, row := range rows {
		flag := byte(' ')
		if len(row) > len(cols) {
			flag, row = '*', row[1:]
		}
		h = append(h, flag)
		for i, c := range cols {
			v := make([]byte, c.len)
			for j := range v {
				v[j] = ' '
			}
			copy(v, row[i])
			h = append(h, v...)
		}
	}
	return append(h, 0x1A)
}

// writeShapefile writes stem.shp, .dbf (if dbf != nil) and .prj (if prj
// != "") into dir and returns the .shp path.
func writeShapefile(t testing.TB, dir, stem string, shp, dbf []byte, prj string) string {
	t.Helper()
	p := filepath.Join(dir, stem+".shp")
	must(t, os.WriteFile(p, shp, 0o644))
	if dbf != nil {
		must(t, os.WriteFile(filepath.Join(dir, stem+".dbf"), dbf, 0o644))
	}
	if prj != "" {
		must(t, os.WriteFile(filepath.Join(dir, stem+".prj"), []byte(prj), 0o644))
	}
	return p
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// zipBytes makes a zip of name-content pairs (deflated).
func zipBytes(t testing.TB, files ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		must(t, err)
		_, err = w.Write([]byte(files[i+1]))
		must(t, err)
	}
	must(t, zw.Close())
	return b.Bytes()
}

// memShapefile reads a shapefile from bytes, as the fuzz target does.
func memShapefile(name string, shp, dbf []byte, prj, cpg string) (Reader, error) {
	s := newShpReader(name, ReaderOptions{})
	s.sources = []shpSource{{name: "mem", open: func() (*shpFiles, error) {
		f := &shpFiles{shp: bytes.NewReader(shp), shpSize: int64(len(shp)), prj: prj, hasPrj: prj != "", cpg: cpg}
		if dbf != nil {
			f.dbf, f.dbfName = bytes.NewReader(dbf), "mem.dbf"
		}
		return f, nil
	}}}
	s.total = int64(len(shp))
	if err := s.start(); err != nil {
		return nil, err
	}
	return s, nil
}
