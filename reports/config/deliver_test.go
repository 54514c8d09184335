package config

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

func TestDeliverConfig(t *testing.T) {
	cfg, err := Parse("config.toml", []byte(`[company]
name = "Acme"
timezone = "Asia/Shanghai"

[deliver]
smtp = "smtp.example.com:587"
from = "Budget reports <budgetlens@example.com>"
username = "budgetlens"
password_env = "BUDGETLENS_SMTP_PASSWORD"
webhook = "https://hooks.example.com/services/T0/B0/x"

[[deliver.to]]
address = "cfo@example.com"
kinds = ["quarter", "year"]
[[deliver.to]]
address = "Marketing <marketing-leads@example.com>"
`))
	if err != nil {
		t.Fatal(err)
	}
	d := cfg.Deliver
	if d.Host != "smtp.example.com" || d.Port != 587 || d.TLS != "starttls" || d.From != `"Budget reports" <budgetlens@example.com>` {
		t.Errorf("server: %+v", d)
	}
	if d.Retries != 3 || d.RetryWait != 5*time.Second {
		t.Errorf("retry defaults: %d, %v", d.Retries, d.RetryWait)
	}
	want := []Recipient{
		{Address: "cfo@example.com", Kinds: []reports.PeriodKind{reports.KindQuarter, reports.KindYear}},
		{Address: "marketing-leads@example.com", Kinds: []reports.PeriodKind{reports.KindMonth, reports.KindQuarter, reports.KindYear}},
	}
	if !reflect.DeepEqual(d.To, want) {
		t.Errorf("recipients %+v, want %+v", d.To, want)
	}
	if !d.Mail() || !d.Enabled() {
		t.Error("delivery not enabled")
	}
	if cfg.Location.String() != "Asia/Shanghai" {
		t.Errorf("timezone %v", cfg.Location)
	}

	none, err := Parse("c.toml", []byte("[company]\nname = \"A\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if none.Deliver.Enabled() || none.Location != time.Local {
		t.Errorf("defaults: deliver %+v, zone %v (want none and the local zone)", none.Deliver, none.Location)
	}
}

func TestDeliverConfigErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"clear text off this machine", "smtp = \"smtp.example.com:25\"\ntls = \"none\"\nfrom = \"a@example.com\"\n[[deliver.to]]\naddress = \"b@example.com\"", "deliver.tls"},
		{"bad tls", "smtp = \"h:25\"\ntls = \"ssl\"\nfrom = \"a@example.com\"\n[[deliver.to]]\naddress = \"b@example.com\"", "deliver.tls"},
		{"password in config", "smtp = \"h:587\"\nfrom = \"a@example.com\"\nusername = \"u\"\npassword = \"hunter2\"\n[[deliver.to]]\naddress = \"b@example.com\"", "unknown key"},
		{"password as env name", "smtp = \"h:587\"\nfrom = \"a@example.com\"\nusername = \"u\"\npassword_env = \"hunter2!\"\n[[deliver.to]]\naddress = \"b@example.com\"", "deliver.password_env"},
		{"username without password_env", "smtp = \"h:587\"\nfrom = \"a@example.com\"\nusername = \"u\"\n[[deliver.to]]\naddress = \"b@example.com\"", "deliver.password_env"},
		{"bad kind", "smtp = \"h:587\"\nfrom = \"a@example.com\"\n[[deliver.to]]\naddress = \"b@example.com\"\nkinds = [\"week\"]", "kinds"},
		{"bad address", "smtp = \"h:587\"\nfrom = \"a@example.com\"\n[[deliver.to]]\naddress = \"not an address\"", "address"},
		{"twice", "smtp = \"h:587\"\nfrom = \"a@example.com\"\n[[deliver.to]]\naddress = \"b@example.com\"\n[[deliver.to]]\naddress = \"B@example.com\"", "twice"},
		{"no server", "from = \"a@example.com\"\n[[deliver.to]]\naddress = \"b@example.com\"", "deliver.smtp"},
		{"no from", "smtp = \"h:587\"\n[[deliver.to]]\naddress = \"b@example.com\"", "deliver.from"},
		{"no recipients", "smtp = \"h:587\"\nfrom = \"a@example.com\"", "no [[deliver.to]]"},
		{"http webhook", "webhook = \"http://hooks.example.com/x\"", "https"},
		{"bad port", "smtp = \"h:99999\"\nfrom = \"a@example.com\"\n[[deliver.to]]\naddress = \"b@example.com\"", "port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("c.toml", []byte("[company]\nname = \"A\"\n\n[deliver]\n"+tt.body+"\n"))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
	if _, err := Parse("c.toml", []byte("[company]\nname = \"A\"\ntimezone = \"Mars/Olympus\"\n")); err == nil || !strings.Contains(err.Error(), "company.timezone") {
		t.Errorf("bad timezone: %v", err)
	}
	// Clear text to this machine and an http webhook on it are fine.
	if _, err := Parse("c.toml", []byte("[company]\nname = \"A\"\n[deliver]\nsmtp = \"localhost:1025\"\ntls = \"none\"\nfrom = \"a@example.com\"\nwebhook = \"http://127.0.0.1:9/x\"\n[[deliver.to]]\naddress = \"b@example.com\"\n")); err != nil {
		t.Errorf("loopback: %v", err)
	}
}
