package config

import (
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/budgetlens/budgetlens/reports"
)

// DeliverFile mirrors the [deliver] table of config.toml.
type DeliverFile struct {
	SMTP        string          `toml:"smtp"`         // host:port
	TLS         string          `toml:"tls"`          // starttls (default), tls, none (loopback only)
	From        string          `toml:"from"`         // "Name <addr>" or addr
	Username    string          `toml:"username"`     // empty: no SMTP AUTH
	PasswordEnv string          `toml:"password_env"` // the environment variable holding the password
	AttachHTML  bool            `toml:"attach_html"`
	Webhook     string          `toml:"webhook"`    // Slack-compatible incoming webhook URL
	Retries     int             `toml:"retries"`    // attempts after the first; default 3
	RetryWait   string          `toml:"retry_wait"` // first wait, doubling; default "5s"
	To          []RecipientFile `toml:"to"`
}

// RecipientFile is one [[deliver.to]] entry.
type RecipientFile struct {
	Address string   `toml:"address"`
	Kinds   []string `toml:"kinds"` // month, quarter, year; empty = all three
}

// Deliver is the compiled [deliver] table. The zero value delivers nothing.
type Deliver struct {
	Host        string
	Port        int
	TLS         string // "starttls", "tls" or "none"
	From        string
	Username    string
	PasswordEnv string
	AttachHTML  bool
	Webhook     string
	Retries     int
	RetryWait   time.Duration
	To          []Recipient
}

// Recipient is one reader of the reports and the period kinds they get.
type Recipient struct {
	Address string
	Kinds   []reports.PeriodKind
}

// Wants reports whether the recipient gets reports of kind k.
func (r Recipient) Wants(k reports.PeriodKind) bool {
	for _, w := range r.Kinds {
		if w == k {
			return true
		}
	}
	return false
}

// Mail reports whether e-mail delivery is configured.
func (d Deliver) Mail() bool { return d.Host != "" && len(d.To) > 0 }

// Enabled reports whether any delivery (e-mail or chat) is configured.
func (d Deliver) Enabled() bool { return d.Mail() || d.Webhook != "" }

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// IsLoopback reports whether host names this machine, the only place
// where unencrypted SMTP or an http:// webhook is allowed.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func compileDeliver(f DeliverFile, bad func(key, format string, args ...any)) Deliver {
	d := Deliver{
		TLS:         strings.ToLower(strings.TrimSpace(f.TLS)),
		Username:    f.Username,
		PasswordEnv: strings.TrimSpace(f.PasswordEnv),
		AttachHTML:  f.AttachHTML,
		Webhook:     strings.TrimSpace(f.Webhook),
	}
	if d.TLS == "" {
		d.TLS = "starttls"
	}
	d.Retries = f.Retries
	if d.Retries < 0 || d.Retries > 10 {
		bad("deliver.retries", "%d is not 0–10", f.Retries)
	}
	var err error
	if d.RetryWait, err = time.ParseDuration(f.RetryWait); err != nil || d.RetryWait < 0 {
		bad("deliver.retry_wait", "%q is not a duration like \"5s\"", f.RetryWait)
	}
	switch d.TLS {
	case "starttls", "tls", "none":
	default:
		bad("deliver.tls", "%q is not \"starttls\", \"tls\" or \"none\"", f.TLS)
	}
	if s := strings.TrimSpace(f.SMTP); s != "" {
		host, port, err := net.SplitHostPort(s)
		if err != nil {
			// No port: the usual one for the TLS mode.
			host, port = s, map[string]string{"starttls": "587", "tls": "465", "none": "25"}[d.TLS]
		}
		n, perr := strconv.Atoi(port)
		switch {
		case host == "" || strings.ContainsAny(host, " /"):
			bad("deliver.smtp", "%q is not host:port like \"smtp.example.com:587\"", f.SMTP)
		case perr != nil || n < 1 || n > 65535:
			bad("deliver.smtp", "port %q is not a number 1–65535", port)
		}
		d.Host, d.Port = host, n
		if d.TLS == "none" && !IsLoopback(host) {
			bad("deliver.tls", "\"none\" sends the password and the reports in clear text; it is allowed only for a server on this machine (localhost), use \"starttls\" or \"tls\"")
		}
	}
	if f.From != "" {
		a, err := mail.ParseAddress(f.From)
		if err != nil {
			bad("deliver.from", "%q is not an e-mail address: %v", f.From, err)
		} else {
			d.From = a.String()
		}
	}
	if d.Username != "" && d.PasswordEnv == "" {
		bad("deliver.password_env", "is required with deliver.username: the name of the environment variable holding the SMTP password (never the password itself)")
	}
	if d.PasswordEnv != "" && !envName.MatchString(d.PasswordEnv) {
		bad("deliver.password_env", "%q is not an environment variable name like BUDGETLENS_SMTP_PASSWORD (put the password in that variable, not here)", d.PasswordEnv)
	}
	seen := map[string]bool{}
	for i, r := range f.To {
		key := fmt.Sprintf("deliver.to[%d]", i+1)
		a, err := mail.ParseAddress(r.Address)
		if err != nil {
			bad(key+".address", "%q is not an e-mail address", r.Address)
			continue
		}
		addr := strings.ToLower(a.Address)
		if seen[addr] {
			bad(key+".address", "%s is listed twice", a.Address)
			continue
		}
		seen[addr] = true
		rc := Recipient{Address: a.Address}
		kinds := r.Kinds
		if len(kinds) == 0 {
			kinds = []string{"month", "quarter", "year"}
		}
		for _, k := range kinds {
			switch pk := reports.PeriodKind(strings.ToLower(strings.TrimSpace(k))); pk {
			case reports.KindMonth, reports.KindQuarter, reports.KindYear:
				if !rc.Wants(pk) {
					rc.Kinds = append(rc.Kinds, pk)
				}
			default:
				bad(key+".kinds", "%q is not \"month\", \"quarter\" or \"year\"", k)
			}
		}
		d.To = append(d.To, rc)
	}
	switch {
	case len(d.To) > 0 && d.Host == "":
		bad("deliver.smtp", "is required to e-mail the [[deliver.to]] recipients (host:port of the mail server)")
	case len(d.To) > 0 && d.From == "":
		bad("deliver.from", "is required to e-mail the [[deliver.to]] recipients")
	case d.Host != "" && len(d.To) == 0 && len(f.To) == 0:
		bad("deliver.smtp", "is set but no [[deliver.to]] recipient is")
	}
	if d.Webhook != "" {
		u, err := url.Parse(d.Webhook)
		switch {
		case err != nil || u.Host == "":
			bad("deliver.webhook", "%q is not a URL like \"https://hooks.slack.com/services/…\"", d.Webhook)
		case u.Scheme == "https":
		case u.Scheme == "http" && IsLoopback(u.Hostname()):
		default:
			bad("deliver.webhook", "must be an https:// URL (http:// only for localhost)")
		}
	}
	return d
}

// compileTimezone resolves [company] timezone; empty is the machine's
// local zone.
func compileTimezone(name string, bad func(key, format string, args ...any)) *time.Location {
	name = strings.TrimSpace(name)
	if name == "" {
		return time.Local
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		bad("company.timezone", "%q is not a time zone name like \"Asia/Shanghai\" or \"Europe/Berlin\"", name)
		return time.Local
	}
	return loc
}
