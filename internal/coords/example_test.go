package coords_test

import (
	"fmt"

	"github.com/paulmach/orb"
	"github.com/siteatlas/siteatlas/internal/coords"
)

func ExampleParse() {
	// An MGRS reference reads as the centre of its 1 m square.
	for _, s := range []string{"42°58′12″N 129°50′24″E", "129.84, 42.97", "40, 50", "52TEN6850057825", "latitude 95, 20E"} {
		rs, err := coords.Parse(s)
		if err != nil {
			fmt.Println(s, "->", err)
			continue
		}
		for _, r := range rs {
			fmt.Printf("%s -> %s (%v, swapped %v)\n", s, coords.Format(r.Point, coords.Decimal), r.Notation, r.Swapped)
		}
	}
	// Output:
	// 42°58′12″N 129°50′24″E -> 42.970000, 129.840000 (degrees minutes seconds, swapped false)
	// 129.84, 42.97 -> 42.970000, 129.840000 (decimal degrees, swapped true)
	// 40, 50 -> 40.000000, 50.000000 (decimal degrees, swapped false)
	// 40, 50 -> 50.000000, 40.000000 (decimal degrees, swapped true)
	// 52TEN6850057825 -> 42.969999, 129.840000 (MGRS, swapped false)
	// latitude 95, 20E -> latitude 95 is out of range -90..90
}

func ExampleFormat() {
	tumen := orb.Point{129.84, 42.97} // lon, lat
	for _, n := range coords.Notations {
		fmt.Printf("%s: %s\n", n, coords.Format(tumen, n))
	}
	// Output:
	// decimal degrees: 42.970000, 129.840000
	// degrees minutes seconds: 42°58′12.0″N 129°50′24.0″E
	// degrees decimal minutes: 42°58.200′N 129°50.400′E
	// UTM: 52T 568500 4757826
	// MGRS: 52TEN6850057825
	// Plus code: 8QJFXRCR+22
}

func ExampleParseNear() {
	tumen := orb.Point{129.84, 42.97}
	rs, _ := coords.ParseNear("XRCR+22", tumen)
	fmt.Println(rs[0].Text)
	_, err := coords.Parse("XRCR+22")
	fmt.Println(err)
	// Output:
	// 8QJFXRCR+22
	// plus code XRCR+22 is a short code: the same code recurs about every 111 km, so it needs a reference place nearby to say which one is meant
}
