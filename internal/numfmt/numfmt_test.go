package numfmt

import "testing"

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {1234567, "1,234,567"},
		{-1234, "-1,234"}, {250000, "250,000"},
	} {
		if got := Count(tc.in); got != tc.want {
			t.Errorf("Count(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Count(int(42000)); got != "42,000" {
		t.Errorf("Count(int) = %q", got)
	}
}

func TestBytes(t *testing.T) {
	for _, tc := range []struct {
		in   int64
		want string
	}{
		{0, "0 B"}, {999, "999 B"}, {1000, "1.0 kB"}, {1500, "1.5 kB"}, {1024, "1.0 kB"},
		{12_000_000, "12 MB"}, {150_000_000, "150 MB"}, {3_400_000_000, "3.4 GB"},
		{999_999, "1.0 MB"}, {5e15, "5000 TB"}, {-2000, "-2.0 kB"},
	} {
		if got := Bytes(tc.in); got != tc.want {
			t.Errorf("Bytes(%d) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestSameAreaSameSize is the defect this package fixes: the window and
// `siteatlas tiles download --estimate` named different sizes for one area.
func TestSameAreaSameSize(t *testing.T) {
	const estimate = 1_048_576 * 300
	if Bytes(estimate) != "315 MB" {
		t.Errorf("Bytes(%d) = %q", estimate, Bytes(estimate))
	}
}
