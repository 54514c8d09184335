package reports

import "testing"

func TestNeutraliseFormula(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"数字广告", "数字广告"},
		{"=1+1", "'=1+1"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@A1", "'@A1"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"a=1", "a=1"},
		{"'quoted", "'quoted"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := NeutraliseFormula(tc.in); got != tc.want {
				t.Errorf("NeutraliseFormula(%q): got %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
