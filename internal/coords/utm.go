package coords

import (
	"fmt"
	"math"
)

// The transverse Mercator maths below is Krüger's series in the third
// flattening n, carried to n⁶ as given by Karney, "Transverse Mercator with
// an accuracy of a few nanometers" (J. Geodesy 85, 2011), eqs. 7, 8, 35, 36.
// At order n⁶ it is accurate to well under a millimetre inside a UTM zone,
// which is far below the 1 m a UTM or MGRS reference is written to.

const (
	wgs84A  = 6378137.0
	wgs84F  = 1 / 298.257223563
	utmK0   = 0.9996
	utmE0   = 500000.0   // false easting
	utmNSth = 10000000.0 // false northing in the southern hemisphere
)

var (
	tmN  = wgs84F / (2 - wgs84F)
	tmE  = math.Sqrt(wgs84F * (2 - wgs84F))
	tmA  = wgs84A / (1 + tmN) * (1 + tmN*tmN/4 + math.Pow(tmN, 4)/64 + math.Pow(tmN, 6)/256)
	tmAl = krugerAlpha(tmN)
	tmBe = krugerBeta(tmN)
)

func krugerAlpha(n float64) [6]float64 {
	n2, n3, n4, n5, n6 := n*n, n*n*n, math.Pow(n, 4), math.Pow(n, 5), math.Pow(n, 6)
	return [6]float64{
		n/2 - 2*n2/3 + 5*n3/16 + 41*n4/180 - 127*n5/288 + 7891*n6/37800,
		13*n2/48 - 3*n3/5 + 557*n4/1440 + 281*n5/630 - 1983433*n6/1935360,
		61*n3/240 - 103*n4/140 + 15061*n5/26880 + 167603*n6/181440,
		49561*n4/161280 - 179*n5/168 + 6601661*n6/7257600,
		34729*n5/80640 - 3418889*n6/1995840,
		212378941 * n6 / 319334400,
	}
}

func krugerBeta(n float64) [6]float64 {
	n2, n3, n4, n5, n6 := n*n, n*n*n, math.Pow(n, 4), math.Pow(n, 5), math.Pow(n, 6)
	return [6]float64{
		n/2 - 2*n2/3 + 37*n3/96 - n4/360 - 81*n5/512 + 96199*n6/604800,
		n2/48 + n3/15 - 437*n4/1440 + 46*n5/105 - 1118711*n6/3870720,
		17*n3/480 - 37*n4/840 - 209*n5/4480 + 5569*n6/90720,
		4397*n4/161280 - 11*n5/504 - 830251*n6/7257600,
		4583*n5/161280 - 108847*n6/3991680,
		20648693 * n6 / 638668800,
	}
}

// utmBands are the MGRS latitude bands, 8° each from 80°S; X spans 72..84°N.
const utmBands = "CDEFGHJKLMNPQRSTUVWX"

// utm is one UTM position: zone 1..60, band letter C..X, metres.
type utm struct {
	zone     int
	band     byte
	east     float64
	north    float64
	southern bool
}

// utmZone picks the zone for a point, with the Norway (32V) and Svalbard
// (31X, 33X, 35X, 37X) exceptions every UTM/MGRS tool applies.
func utmZone(lat, lon float64) int {
	z := int(math.Floor((lon+180)/6)) + 1
	if z > 60 {
		z = 60 // 180°E itself, as other tools do
	}
	if lat >= 56 && lat < 64 && lon >= 3 && lon < 12 {
		return 32
	}
	if lat >= 72 && lat <= 84 && lon >= 0 && lon < 42 {
		switch {
		case lon < 9:
			return 31
		case lon < 21:
			return 33
		case lon < 33:
			return 35
		default:
			return 37
		}
	}
	return z
}

// utmBand is the band letter for a latitude in -80..84.
func utmBand(lat float64) byte {
	i := int(math.Floor((lat + 80) / 8))
	if i < 0 {
		i = 0
	}
	if i > 19 {
		i = 19 // X is 12° tall
	}
	return utmBands[i]
}

// bandRange is the latitude range of a band letter.
func bandRange(b byte) (lo, hi float64) {
	i := indexByte(utmBands, b)
	lo = -80 + 8*float64(i)
	hi = lo + 8
	if b == 'X' {
		hi = 84
	}
	return lo, hi
}

func indexByte(s string, b byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			return i
		}
	}
	return -1
}

// toUTM projects a point in UTM's range (80°S..84°N) into its own zone.
func toUTM(lat, lon float64) (utm, bool) {
	if !(lat >= -80 && lat <= 84 && lon >= -180 && lon <= 180) {
		return utm{}, false
	}
	z := utmZone(lat, lon)
	e, n := tmForward(lat, lon, z)
	u := utm{zone: z, band: utmBand(lat), east: e, north: n, southern: lat < 0}
	if u.southern {
		u.north += utmNSth
	}
	return u, true
}

// centralMeridian of a zone in degrees.
func centralMeridian(zone int) float64 { return float64(zone-1)*6 - 180 + 3 }

// tmForward projects lat, lon to easting and (unshifted) northing in a zone.
func tmForward(lat, lon float64, zone int) (east, north float64) {
	dl := lon - centralMeridian(zone)
	dl = math.Mod(dl+540, 360) - 180 // the zone 1 / zone 60 seam
	phi, lam := lat*math.Pi/180, dl*math.Pi/180
	tau := math.Tan(phi)
	sigma := math.Sinh(tmE * math.Atanh(tmE*tau/math.Sqrt(1+tau*tau)))
	tauP := tau*math.Sqrt(1+sigma*sigma) - sigma*math.Sqrt(1+tau*tau)
	cl := math.Cos(lam)
	xiP := math.Atan2(tauP, cl)
	etaP := math.Asinh(math.Sin(lam) / math.Sqrt(tauP*tauP+cl*cl))
	xi, eta := xiP, etaP
	for j := 1; j <= 6; j++ {
		a := tmAl[j-1]
		k := 2 * float64(j)
		xi += a * math.Sin(k*xiP) * math.Cosh(k*etaP)
		eta += a * math.Cos(k*xiP) * math.Sinh(k*etaP)
	}
	return utmE0 + utmK0*tmA*eta, utmK0 * tmA * xi
}

// tmInverse is tmForward's inverse; north is without false northing.
func tmInverse(east, north float64, zone int) (lat, lon float64) {
	xi := north / (utmK0 * tmA)
	eta := (east - utmE0) / (utmK0 * tmA)
	xiP, etaP := xi, eta
	for j := 1; j <= 6; j++ {
		b := tmBe[j-1]
		k := 2 * float64(j)
		xiP -= b * math.Sin(k*xi) * math.Cosh(k*eta)
		etaP -= b * math.Cos(k*xi) * math.Sinh(k*eta)
	}
	she, cxi := math.Sinh(etaP), math.Cos(xiP)
	tauP := math.Sin(xiP) / math.Sqrt(she*she+cxi*cxi)
	lam := math.Atan2(she, cxi)
	// Newton's method for tau from tau' (Karney eqs. 19-21); converges in
	// two or three steps.
	e2 := tmE * tmE
	tau := tauP
	for range 8 {
		sig := math.Sinh(tmE * math.Atanh(tmE*tau/math.Sqrt(1+tau*tau)))
		ti := tau*math.Sqrt(1+sig*sig) - sig*math.Sqrt(1+tau*tau)
		d := (tauP - ti) / math.Sqrt(1+ti*ti) * (1 + (1-e2)*tau*tau) / ((1 - e2) * math.Sqrt(1+tau*tau))
		tau += d
		if math.Abs(d) < 1e-12 {
			break
		}
	}
	lat = math.Atan(tau) * 180 / math.Pi
	lon = centralMeridian(zone) + lam*180/math.Pi
	if lon > 180 {
		lon -= 360
	} else if lon < -180 {
		lon += 360
	}
	return lat, lon
}

// fromUTM inverts a UTM position; u.southern says whether north carries the
// 10 000 km false northing.
func fromUTM(u utm) (lat, lon float64) {
	n := u.north
	if u.southern {
		n -= utmNSth
	}
	return tmInverse(u.east, n, u.zone)
}

// checkUTMRange validates zone and metres the way people get them wrong.
func checkUTMRange(zone int, east, north float64) error {
	if zone < 1 || zone > 60 {
		return fmt.Errorf("UTM zone %d is out of range 1..60", zone)
	}
	if !(east >= 100000 && east <= 900000) {
		return fmt.Errorf("easting %s is out of range 100000..900000 m (a UTM easting has 6 digits)", trimFloat(east))
	}
	if !(north >= 0 && north <= 10000000) {
		return fmt.Errorf("northing %s is out of range 0..10000000 m", trimFloat(north))
	}
	return nil
}

// checkZoneBand rejects the zones the Svalbard exception removed.
func checkZoneBand(zone int, band byte) error {
	if band == 'X' && (zone == 32 || zone == 34 || zone == 36) {
		return fmt.Errorf("zone %d has no band X: Svalbard uses zones 31, 33, 35 and 37", zone)
	}
	return nil
}
