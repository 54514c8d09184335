package consolidate

import (
	"context"
	"fmt"
	"math/big"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/xlsxstream"
)

// Rates gives the rate a unit's currency is converted at in a period.
// Flat rates (group.toml [fx]) hold for every period; a monthly table
// (fx.xlsx: month, currency, rate) gives a month its own rate and a quarter
// or year the average of its months' rates (Start through Through),
// rounded half up to eight decimals — the average-rate translation of
// income-statement figures. A currency may have a flat rate or table
// rates, not both.
type Rates struct {
	Group   string
	Flat    map[string]reports.Rate
	Monthly map[string]map[reports.Month]reports.Rate
	Table   string // base name of the table, for notes and errors
}

// rateFor returns the rate of currency cur in period p and a note saying
// where it came from: "" for the group's own currency, "[fx]" or "table".
func (r *Rates) rateFor(cur string, p reports.Period) (reports.Rate, string, error) {
	if cur == r.Group {
		return reports.RateScale, "", nil
	}
	if v, ok := r.Flat[cur]; ok {
		return v, "[fx]", nil
	}
	table, ok := r.Monthly[cur]
	if !ok {
		return 0, "", fmt.Errorf("no exchange rate for %s: add %s = <%s per %s> under [fx] in group.toml or rows to the fx table", cur, cur, r.Group, cur)
	}
	var rates []reports.Rate
	for m := p.Start; !p.Through.Before(m); m = m.Add(1) {
		v, ok := table[m]
		if !ok {
			return 0, "", fmt.Errorf("%s has no %s rate for %s (needed for %s)", r.Table, cur, m, p.ID)
		}
		rates = append(rates, v)
	}
	return reports.AverageRate(rates), "table", nil
}

// ReadRateTable reads a monthly rate workbook: on its first sheet, a
// header row naming month, currency and rate (English or Chinese), then
// one row per month and currency. Months are dates or "2026-03" text;
// rates are rounded half up to eight decimals. Errors name the cell.
func ReadRateTable(ctx context.Context, path string) (map[string]map[reports.Month]reports.Rate, error) {
	name := filepath.Base(path)
	wb, err := xlsxstream.Open(path, xlsxstream.Limits{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer wb.Close()
	sheets := wb.Sheets()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%s: no sheets", name)
	}
	sheet := sheets[0]
	rows, err := wb.Rows(ctx, sheet)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	out := map[string]map[reports.Month]reports.Rate{}
	colM, colC, colR := -1, -1, -1
	cell := func(col, row int) string { return fmt.Sprintf("%s: %s!%s%d", name, sheet, colName(col), row) }
	for rows.Next() {
		vals := rows.Values()
		if colM < 0 {
			for i, v := range vals {
				switch strings.ToLower(strings.TrimSpace(v)) {
				case "month", "月份", "月", "period", "期间":
					colM = i
				case "currency", "币种", "幣種", "货币", "貨幣":
					colC = i
				case "rate", "fx", "fx rate", "汇率", "匯率":
					colR = i
				}
			}
			if colM < 0 || colC < 0 || colR < 0 {
				colM, colC, colR = -1, -1, -1
			}
			continue
		}
		get := func(i int) string {
			if i < len(vals) {
				return strings.TrimSpace(vals[i])
			}
			return ""
		}
		if get(colM) == "" && get(colC) == "" && get(colR) == "" {
			continue
		}
		m, ok := tableMonth(get(colM), rows.IsDate(colM))
		if !ok {
			return nil, fmt.Errorf("%s: %q is not a month", cell(colM, rows.Row()), get(colM))
		}
		cur := strings.ToUpper(get(colC))
		if len(cur) != 3 {
			return nil, fmt.Errorf("%s: %q is not a currency code", cell(colC, rows.Row()), get(colC))
		}
		rate, ok := tableRate(get(colR))
		if !ok {
			return nil, fmt.Errorf("%s: %q is not a positive exchange rate", cell(colR, rows.Row()), get(colR))
		}
		if out[cur] == nil {
			out[cur] = map[reports.Month]reports.Rate{}
		}
		if old, dup := out[cur][m]; dup && old != rate {
			return nil, fmt.Errorf("%s: a second %s rate for %s (%s, earlier %s)", cell(colR, rows.Row()), cur, m, rate, old)
		}
		out[cur][m] = rate
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if colM < 0 {
		return nil, fmt.Errorf("%s: %s: no header row naming month, currency and rate", name, sheet)
	}
	return out, nil
}

// tableMonth reads a month cell: an Excel date serial when the cell is
// date-formatted, else text such as "2026-03", "2026/03" or "2026-03-31".
func tableMonth(v string, isDate bool) (reports.Month, bool) {
	if isDate {
		if f, err := strconv.ParseFloat(v, 64); err == nil && f > 0 && f < 2958466 {
			t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(f))
			return reports.MonthOf(t), true
		}
	}
	return parseMonth(strings.ReplaceAll(v, "/", "-"))
}

// tableRate reads a rate cell exactly and rounds it half up to eight
// decimals: spreadsheets store 7.1 as "7.0999999999999996" at times.
func tableRate(v string) (reports.Rate, bool) {
	r, ok := new(big.Rat).SetString(v)
	if !ok || r.Sign() <= 0 {
		return 0, false
	}
	r.Mul(r, big.NewRat(int64(reports.RateScale), 1))
	r.Add(r, big.NewRat(1, 2))
	q := new(big.Int).Quo(r.Num(), r.Denom())
	if !q.IsInt64() || q.Sign() <= 0 {
		return 0, false
	}
	return reports.Rate(q.Int64()), true
}

// colName is the spreadsheet name of a 0-based column.
func colName(col int) string {
	s := ""
	for col++; col > 0; col = (col - 1) / 26 {
		s = string(rune('A'+(col-1)%26)) + s
	}
	return s
}
