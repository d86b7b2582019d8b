package tiles

import "testing"

// TestStyleSchemas classifies features of the three schemas the built-in
// style knows: OpenMapTiles, the Protomaps basemap and Mapbox Streets.
func TestStyleSchemas(t *testing.T) {
	areas := []struct {
		layer string
		p     props
		want  rule
	}{
		{"water", props{"class": "ocean"}, rWater},
		{"landcover", props{"class": "wood"}, rWood},
		{"landcover", props{"class": "grass", "subclass": "park"}, rGrass},
		{"landuse", props{"class": "industrial"}, rIndustrial},
		{"landuse", props{"class": "residential"}, rResidential},
		{"park", props{"class": "national_park"}, rGrass},
		{"building", props{}, rBuilding},
		{"earth", props{"kind": "earth"}, rEarth},
		{"landuse", props{"kind": "farmland"}, rFarmland},
		{"natural", props{"kind": "glacier"}, rIce},
		{"buildings", props{"kind": "building"}, rBuilding},
		{"landuse", props{"class": "cemetery"}, rCemetery},
		{"poi", props{"class": "shop"}, rNone},
	}
	for _, c := range areas {
		if got := areaRule(c.layer, c.p); got != c.want {
			t.Errorf("areaRule(%s, %v) = %d; want %d", c.layer, c.p, got, c.want)
		}
	}
	lines := []struct {
		layer string
		p     props
		want  rule
	}{
		{"transportation", props{"class": "motorway"}, rMotorway},
		{"transportation", props{"class": "primary_construction"}, rPrimary},
		{"transportation", props{"class": "minor"}, rMinor},
		{"transportation", props{"class": "path"}, rPath},
		{"transportation", props{"class": "rail"}, rRail},
		{"waterway", props{"class": "stream"}, rStream},
		{"waterway", props{"class": "river"}, rRiver},
		{"boundary", props{"admin_level": float64(2)}, rBoundaryCountry},
		{"boundary", props{"admin_level": int64(4)}, rBoundaryRegion},
		{"boundary", props{"admin_level": int64(2), "disputed": int64(1)}, rBoundaryDisputed},
		{"boundary", props{"admin_level": int64(2), "maritime": int64(1)}, rNone},
		{"boundary", props{"admin_level": int64(8)}, rNone},
		{"roads", props{"kind": "highway"}, rMotorway},
		{"roads", props{"kind": "major_road", "kind_detail": "secondary"}, rSecondary},
		{"roads", props{"kind": "minor_road", "kind_detail": "service"}, rService},
		{"roads", props{"kind": "rail"}, rRail},
		{"boundaries", props{"kind": "country", "kind_detail": "2"}, rBoundaryCountry},
		{"boundaries", props{"kind": "region", "kind_detail": "4"}, rBoundaryRegion},
		{"water", props{"kind": "river"}, rRiver},
		{"road", props{"class": "street"}, rMinor},
		{"road", props{"class": "major_rail"}, rRail},
		{"admin", props{"admin_level": int64(2)}, rBoundaryCountry},
	}
	for _, c := range lines {
		if got := lineRule(c.layer, c.p); got != c.want {
			t.Errorf("lineRule(%s, %v) = %d; want %d", c.layer, c.p, got, c.want)
		}
	}
	labels := []struct {
		layer string
		p     props
		want  labelClass
		ok    bool
	}{
		{"place", props{"class": "city", "name": "x", "rank": int64(3)}, lCity, true},
		{"place", props{"class": "country", "name": "x"}, lCountry, true},
		{"place", props{"class": "village", "name": "x"}, lVillage, true},
		{"places", props{"kind": "locality", "name": "x", "population_rank": int64(12)}, lCity, true},
		{"places", props{"kind": "locality", "name": "x", "population_rank": int64(6)}, lTown, true},
		{"places", props{"kind": "region", "name": "x"}, lRegion, true},
		{"place_label", props{"type": "town", "name": "x"}, lTown, true},
		{"water_name", props{"class": "lake", "name": "x"}, lWater, true},
		{"poi", props{"class": "shop", "name": "x"}, 0, false},
		{"cities", props{"name": "Paris"}, lPoint, true},
		{"cities", props{}, 0, false},
	}
	for _, c := range labels {
		got, _, ok := labelFor(c.layer, c.p)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("labelFor(%s, %v) = %d, %v; want %d, %v", c.layer, c.p, got, ok, c.want, c.ok)
		}
	}
	for _, c := range []struct {
		p    props
		want string
	}{
		{props{"name": "图们市", "name:en": "Tumen"}, "Tumen 图们市"},
		{props{"name": "Paris", "name:en": "Paris"}, "Paris"},
		{props{"name": "München", "name_en": "Munich"}, "Munich"},
		{props{"name": "라선시", "name:latin": "Rason"}, "Rason 라선시"},
		{props{"name": "珲春"}, "珲春"},
	} {
		if got := labelText(c.p); got != c.want {
			t.Errorf("labelText(%v) = %q; want %q", c.p, got, c.want)
		}
	}
}
