package site

import (
	"strings"
	"testing"
)

func TestReadDate(t *testing.T) {
	for _, tt := range []struct{ in, want, err string }{
		{"", "", ""},
		{"2017", "2017", ""},
		{" 2017-05 ", "2017-05", ""},
		{"2017-12-22", "2017-12-22", ""},
		{"2017/12/22", "2017-12-22", ""},
		{"2017.12", "2017-12", ""},
		{"May 2018", "2018-05", ""},
		{"22 Dec 2017", "2017-12-22", ""},
		{"December 22, 2017", "2017-12-22", ""},
		{"22nd December 2017", "2017-12-22", ""},
		{"Sept. 2017", "2017-09", ""},
		{"2017年5月", "2017-05", ""},
		{"2017年12月22日", "2017-12-22", ""},
		{"2017년 5월", "2017-05", ""},
		{"2017년 5월 22일", "2017-05-22", ""},
		{"12/05/2017", "", "either way round"},
		{"31 Feb 2018", "", "no such day"},
		{"2017-13", "", "month"},
		{"soon", "", "neither a number nor a month"},
		{"May June 2018", "", "two months"},
	} {
		got, err := ReadDate(tt.in)
		switch {
		case tt.err == "" && (err != nil || string(got) != tt.want):
			t.Errorf("ReadDate(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("ReadDate(%q) = %q, %v; want an error saying %q", tt.in, got, err, tt.err)
		}
	}
}

func FuzzReadDate(f *testing.F) {
	for _, s := range []string{"2017", "May 2018", "2017年5月", "22 Dec 2017", "12/05/2017", "2017/12/22"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ReadDate(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if verr := d.Validate(); verr != nil {
			t.Fatalf("ReadDate(%q) = %q, which does not validate: %v", s, d, verr)
		}
		if again, err := ReadDate(string(d)); err != nil || again != d {
			t.Fatalf("ReadDate is not stable on %q: %q, %v", d, again, err)
		}
	})
}
