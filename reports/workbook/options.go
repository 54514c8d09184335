package workbook

import (
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
)

// ConfigOptions returns the reading options a configuration asks for:
// header aliases, fiscal year, currency, decimal separator and the
// categories of channels for inputs without a category column.
func ConfigOptions(cfg *config.Config, lang *i18n.Lang) Options {
	return Options{
		HeaderAliases: cfg.HeaderAliases,
		FYStart:       cfg.FYStart,
		Lang:          lang,
		Currency:      cfg.Currency,
		DecimalComma:  cfg.DecimalComma,
		ChannelCategory: func(ch string) string {
			if r, ok := cfg.Channel(ch); ok {
				return r.Category
			}
			return ""
		},
	}
}
