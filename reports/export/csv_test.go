package export

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/reportstest"
)

func loadLang(t *testing.T, tag string) *i18n.Lang {
	t.Helper()
	l, err := i18n.Load(tag, "CNY")
	if err != nil {
		t.Fatalf("load %s: %v", tag, err)
	}
	return l
}

func writeCSV(t *testing.T, reps []*reports.Report, lang *i18n.Lang) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := VarianceCSV(&buf, reps, lang); err != nil {
		t.Fatalf("VarianceCSV: %v", err)
	}
	return buf.Bytes()
}

// readCSV checks the BOM and parses the rest as a consumer would.
func readCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 byte order mark: %.20q", data)
	}
	recs, err := csv.NewReader(bytes.NewReader(data[3:])).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v", err)
	}
	return recs
}

func TestVarianceCSVGolden(t *testing.T) {
	for _, tag := range []string{"en", "zh-CN"} {
		t.Run(tag, func(t *testing.T) {
			got := writeCSV(t, summaryFixtures(tag), loadLang(t, tag))
			path := filepath.Join("testdata", "variance."+tag+".golden.csv")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("variance.csv differs from %s (run go test -update and review the diff):\n%s", path, firstDiff(want, got))
			}
		})
	}
}

func TestVarianceCSVShape(t *testing.T) {
	for _, tc := range []struct {
		tag    string
		header []string
	}{
		{"en", []string{"Period", "Kind", "Category", "Channel", "Region", "Role", "Budget", "Actual", "Variance", "Variance %", "Unbudgeted"}},
		{"zh-CN", []string{"期间", "类型", "类别", "渠道", "区域", "角色", "预算", "实际", "差异", "差异率", "预算外"}},
	} {
		t.Run(tc.tag, func(t *testing.T) {
			reps := summaryFixtures(tc.tag)
			data := writeCSV(t, reps, loadLang(t, tc.tag))
			if n, crlf := bytes.Count(data, []byte("\n")), bytes.Count(data, []byte("\r\n")); n != crlf {
				t.Errorf("got %d line ends, %d of them CRLF; want all CRLF", n, crlf)
			}
			recs := readCSV(t, data)
			if !reflect.DeepEqual(recs[0], tc.header) {
				t.Errorf("header: got %q, want %q", recs[0], tc.header)
			}
			want := 0
			for _, r := range reps {
				want += len(lines(r))
			}
			if got := len(recs) - 1; got != want {
				t.Errorf("got %d data rows, want %d (one per period × line)", got, want)
			}
		})
	}
}

func TestVarianceCSVRows(t *testing.T) {
	recs := readCSV(t, writeCSV(t, []*reports.Report{reportstest.Month("en")}, loadLang(t, "en")))
	for _, tc := range []struct {
		name string
		row  int
		want []string
	}{
		{"overspend", 1, []string{"2026-03", "Monthly", "数字广告", "百度SEM", "华东", "Consideration", "150000.00", "238000.00", "88000.00", "58.67", "no"}},
		{"underspend is a plain negative number", 3, []string{"2026-03", "Monthly", "数字广告", "LinkedIn广告", "", "Consideration", "120000.00", "98000.00", "-22000.00", "-18.33", "no"}},
		{"no role", 10, []string{"2026-03", "Monthly", "营销技术", "营销自动化系统", "", "Unassigned", "45000.00", "45000.00", "0.00", "0.00", "no"}},
		{"zero budget has no percentage", 14, []string{"2026-03", "Monthly", "客户运营", "客户答谢会", "", "Customer operations", "0.00", "0.00", "0.00", "", "no"}},
		{"unbudgeted", 17, []string{"2026-03", "Monthly", "数字广告", "抖音信息流", "", "Unassigned", "0.00", "36500.00", "36500.00", "", "yes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.row >= len(recs) {
				t.Fatalf("only %d rows", len(recs))
			}
			if got := recs[tc.row]; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("row %d:\ngot  %q\nwant %q", tc.row, got, tc.want)
			}
		})
	}
}

func TestVarianceCSVHostile(t *testing.T) {
	recs := readCSV(t, writeCSV(t, []*reports.Report{reportstest.Hostile("zh-CN")}, loadLang(t, "zh-CN")))
	if len(recs) != 4 {
		t.Fatalf("got %d records, want a header and 3 lines", len(recs))
	}
	for _, tc := range []struct {
		name     string
		row, col int
		want     string
	}{
		{"markup stays as is", 1, 2, "<script>alert(1)</script>"},
		{"equals", 2, 2, `'=HYPERLINK("http://x","y")`},
		{"plus", 2, 3, "'+cmd|' /C calc'!A0"},
		{"at", 2, 4, "'@SUM(1)"},
		{"minus", 3, 3, "'-2+3"},
		{"quotes and ampersand", 3, 4, `"quoted" & 'amp'`},
		{"outside the BMP", 3, 2, "Emoji 🚀 category"},
		{"negative variance stays a number", 2, 8, "-4900.00"},
		{"negative percentage stays a number", 2, 9, "-98.00"},
		{"zero budget", 3, 9, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := recs[tc.row][tc.col]; got != tc.want {
				t.Errorf("row %d column %d: got %q, want %q", tc.row, tc.col, got, tc.want)
			}
		})
	}
	// No text cell may start with a formula trigger after neutralisation.
	for i, rec := range recs {
		for j, cell := range rec {
			if j >= 6 && j <= 9 { // numbers
				continue
			}
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d column %d: %q starts with a formula trigger", i, j, cell)
			}
		}
	}
}

func TestVarianceCSVErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		reps []*reports.Report
		lang *i18n.Lang
	}{
		{"no language", []*reports.Report{reportstest.Month("en")}, nil},
		{"nil report", []*reports.Report{nil}, loadLang(t, "en")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := VarianceCSV(&bytes.Buffer{}, tc.reps, tc.lang); err == nil {
				t.Error("got no error")
			}
		})
	}
	t.Run("empty", func(t *testing.T) {
		recs := readCSV(t, writeCSV(t, []*reports.Report{reportstest.Empty("en")}, loadLang(t, "en")))
		if len(recs) != 1 {
			t.Errorf("got %d records, want the header only", len(recs))
		}
	})
}
