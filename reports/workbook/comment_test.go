package workbook

import "testing"

// TestLedgerComments reads the note on each ledger row into the rows kept
// behind a variance: a comment column (备注 / Notes), else the ERP memo.
func TestLedgerComments(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header []any
		rows   [][]any
		want   map[int64]string // amount in yuan → comment kept
	}{
		{
			name:   "备注 column",
			header: []any{"日期", "类别", "渠道", "供应商", "金额", "备注"},
			rows: [][]any{
				{"2026-03-20", "活动", "行业峰会展位", "上海博华", 372000, "展位升级：特装加层"},
				{"2026-03-05", "活动", "行业峰会展位", "搭建商", 1000, ""},
			},
			want: map[int64]string{372000: "展位升级：特装加层", 1000: ""},
		},
		{
			name:   "Notes column in English",
			header: []any{"Date", "Category", "Channel", "Amount", "Notes"},
			rows:   [][]any{{"2026-06-10", "Digital", "WeChat", -18600, "refund of unspent May budget"}},
			want:   map[int64]string{-18600: "refund of unspent May budget"},
		},
		{
			name:   "memo read when there is no comment column",
			header: []any{"凭证日期", "类别", "渠道", "摘要", "借方金额", "贷方金额"},
			rows:   [][]any{{"2026-06-10", "数字广告", "微信广告", "5月投放未消耗余额退回", nil, 18600}},
			want:   map[int64]string{-18600: "5月投放未消耗余额退回"},
		},
		{
			name:   "comment column wins over memo",
			header: []any{"凭证日期", "类别", "渠道", "摘要", "借方金额", "贷方金额", "说明"},
			rows:   [][]any{{"2026-03-20", "活动", "展会", "付展位款", 372000, nil, "临时加层，CMO批准"}},
			want:   map[int64]string{372000: "临时加层，CMO批准"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeBook(t, "actuals-2026.xlsx", sheetRows{"Ledger", append([][]any{tc.header}, tc.rows...)})
			b, fr := readBook(t, path, Options{})
			if used, _, rejected := fr.Rows(); used != len(tc.rows) || rejected != 0 {
				t.Fatalf("used %d rejected %d rows, want %d and 0: %q", used, rejected, len(tc.rows), problemLines(fr))
			}
			got := map[int64]string{}
			for _, tr := range b.Drivers {
				for _, d := range tr.Rows {
					got[int64(d.Amount/10000)] = d.Comment
				}
			}
			if len(got) != len(tc.want) {
				t.Errorf("drivers %v, want %v", got, tc.want)
			}
			for amt, c := range tc.want {
				if g, ok := got[amt]; !ok || g != c {
					t.Errorf("row of %d: comment %q, want %q (all %v)", amt, g, c, got)
				}
			}
		})
	}
}
