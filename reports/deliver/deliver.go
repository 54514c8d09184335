// Package deliver sends a run's new or changed reports by e-mail (SMTP,
// through github.com/wneessen/go-mail, which stays inside this package)
// and posts a chat notice to a Slack-compatible webhook.
//
// What was sent is recorded in the outputs' manifest.json (address,
// report file, sha256, content key, time, the server's reply), so a
// reader gets a report again only when what it tells has changed since
// it was last sent to them, and a delivery that failed is retried by the
// next run.
//
// What a report tells is its content key, recorded by the run that
// rendered it (publish.Output.Content, from present.Page.ContentKey): the
// page without its generation time and data notes. The file's sha256 is
// not enough: every report's bytes change when the next month's actuals
// arrive (the data notes list all the run's input files) or with run
// -force (the timestamp), and readers would get every earlier report
// again each month. Where no content key is known (a manifest from before
// content keys), the file's sha256 decides, as before. Each e-mail or notice is tried 1 + [deliver] retries
// times, waiting retry_wait, then twice as long, between attempts.
package deliver

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/budgetlens/budgetlens/reports"
	"github.com/budgetlens/budgetlens/reports/config"
	"github.com/budgetlens/budgetlens/reports/i18n"
	"github.com/budgetlens/budgetlens/reports/publish"
)

// WebhookAddress is the address deliveries to the chat webhook are
// recorded under (the URL itself is a secret and never written down).
const WebhookAddress = "webhook"

// MaxDeliveries is how many delivery records manifest.json keeps; the
// newest successful delivery of every report to every address is always
// kept, so trimming never causes a resend.
const MaxDeliveries = 2000

// Timeout bounds one SMTP session or webhook request.
const Timeout = 60 * time.Second

// Options configure one delivery.
type Options struct {
	Config  *config.Config
	OutDir  string            // where the reports and manifest.json are
	Reports []*reports.Report // every period with data; files that do not exist are skipped
	Lang    *i18n.Lang
	// Resend sends the newest report of every kind each reader gets,
	// whether or not it was sent before (the deliver command).
	Resend bool
	// Only, when set, limits delivery to this e-mail address (or
	// WebhookAddress).
	Only string
	Now  time.Time
	Log  *slog.Logger
	// HTTPClient posts the webhook; nil is a client with Timeout.
	HTTPClient *http.Client
}

// Result says what was delivered.
type Result struct {
	Messages int      // e-mails accepted by the server
	Notices  int      // webhook posts accepted
	Files    int      // report files delivered (attachments and notice lines)
	Failed   []string // "address: error", one per e-mail or notice that failed
}

// Error is returned when some delivery failed after its retries; the
// reports are written and the next run retries.
type Error struct{ Failed []string }

func (e *Error) Error() string {
	return "delivery failed: " + strings.Join(e.Failed, "; ")
}

// item is one report file that may be delivered.
type item struct {
	rep     *reports.Report
	file    string // name in OutDir
	sha     string
	content string // content key from the manifest; "" when unknown
	data    []byte
}

// Run delivers what is pending. It takes the outputs' lock so that it
// never races a run over manifest.json.
func Run(ctx context.Context, opt Options) (*Result, error) {
	d := opt.Config.Deliver
	res := &Result{}
	if !d.Enabled() {
		return res, nil
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	lock, _, err := publish.Acquire(filepath.Join(opt.OutDir, ".budgetlens.lock"))
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	manPath := filepath.Join(opt.OutDir, "manifest.json")
	man, err := publish.ReadManifest(manPath)
	if err != nil {
		return nil, fmt.Errorf("%w; deliveries cannot be checked against it, so nothing was sent", err)
	}
	items, err := collect(opt, man)
	if err != nil {
		return nil, err
	}
	sent := lastSent(man.Deliveries)

	if d.Mail() {
		for _, rc := range d.To {
			if opt.Only != "" && !strings.EqualFold(opt.Only, rc.Address) {
				continue
			}
			todo := pending(items, rc.Address, rc.Wants, d.AttachHTML, opt.Resend, sent)
			if len(todo) == 0 {
				log.Info("nothing new to e-mail", "to", rc.Address)
				continue
			}
			reply, err := retry(ctx, d, log, rc.Address, func(ctx context.Context) (string, error) {
				return sendMail(ctx, opt, rc.Address, todo)
			})
			record(man, opt.Now, rc.Address, todo, reply, err)
			if err != nil {
				res.Failed = append(res.Failed, rc.Address+": "+err.Error())
				continue
			}
			res.Messages++
			res.Files += len(todo)
			log.Info("e-mailed", "to", rc.Address, "reports", len(todo), "reply", reply)
		}
	}
	if d.Webhook != "" && (opt.Only == "" || opt.Only == WebhookAddress) {
		all := func(reports.PeriodKind) bool { return true }
		todo := pending(items, WebhookAddress, all, false, opt.Resend, sent)
		if len(todo) > 0 {
			reply, err := retry(ctx, d, log, WebhookAddress, func(ctx context.Context) (string, error) {
				return postWebhook(ctx, opt, todo)
			})
			record(man, opt.Now, WebhookAddress, todo, reply, err)
			if err != nil {
				res.Failed = append(res.Failed, WebhookAddress+": "+err.Error())
			} else {
				res.Notices++
				res.Files += len(todo)
				log.Info("posted chat notice", "reports", len(todo))
			}
		}
	}
	man.Deliveries = trim(man.Deliveries, MaxDeliveries)
	if err := man.Write(manPath); err != nil {
		// The messages went out but are not recorded: say so, the next
		// run would send them again.
		return res, fmt.Errorf("deliveries not recorded in %s (the next run may send them again): %w", manPath, err)
	}
	if len(res.Failed) > 0 {
		return res, &Error{Failed: res.Failed}
	}
	return res, nil
}

// collect reads the report files that exist, newest period first, with
// the content key man records for their bytes.
func collect(opt Options, man *publish.Manifest) ([]item, error) {
	reps := append([]*reports.Report(nil), opt.Reports...)
	sort.SliceStable(reps, func(i, j int) bool { return newer(reps[i], reps[j]) })
	var out []item
	for _, rep := range reps {
		for _, ext := range []string{".pdf", ".html"} {
			name := "report-" + rep.Period.ID + ext
			data, err := os.ReadFile(filepath.Join(opt.OutDir, name))
			if errors.Is(err, os.ErrNotExist) {
				continue // not rendered (e.g. -period): nothing to send
			}
			if err != nil {
				return nil, err
			}
			sum := sha256.Sum256(data)
			sha := hex.EncodeToString(sum[:])
			out = append(out, item{rep: rep, file: name, sha: sha, content: man.ContentKey(name, sha), data: data})
		}
	}
	return out, nil
}

// newer orders reports newest first: the later Through month, then the
// shorter period (this month's report is the news; the quarter and year
// to date follow).
func newer(a, b *reports.Report) bool {
	ta, tb := a.Period.Through.String(), b.Period.Through.String()
	if ta != tb {
		return ta > tb
	}
	return kindRank(a.Period.Kind) < kindRank(b.Period.Kind)
}

func kindRank(k reports.PeriodKind) int {
	switch k {
	case reports.KindMonth:
		return 0
	case reports.KindQuarter:
		return 1
	}
	return 2
}

func key(address, file string) string {
	return strings.ToLower(address) + "\x00" + file
}

// sent maps address and report file to the newest successful delivery.
type sent map[string]publish.Delivery

func lastSent(ds []publish.Delivery) sent {
	m := sent{}
	for _, d := range ds {
		if d.Status == "sent" {
			m[key(d.Address, d.Report)] = d
		}
	}
	return m
}

// fresh reports whether the file with bytes sha and content key content
// tells address something its last delivery of the file did not: it
// was never sent to them, or both content keys are known and differ, or
// (a key unknown) the bytes differ. Equal bytes are equal content.
func (s sent) fresh(address, file, sha, content string) bool {
	d, ok := s[key(address, file)]
	switch {
	case !ok:
		return true
	case d.SHA256 == sha:
		return false
	case d.Content != "" && content != "":
		return d.Content != content
	}
	return true
}

// pending returns the items address should get now: of the kinds it
// wants, the PDFs (and HTML files when html) whose content changed since
// they were last sent to address; with resend, the newest report of each
// wanted kind.
func pending(items []item, address string, wants func(reports.PeriodKind) bool, html, resend bool, last sent) []item {
	var out []item
	newest := map[reports.PeriodKind]string{}
	for _, it := range items {
		k := it.rep.Period.Kind
		if !wants(k) || (!html && strings.HasSuffix(it.file, ".html")) {
			continue
		}
		if resend {
			if id, ok := newest[k]; ok && id != it.rep.Period.ID {
				continue
			}
			newest[k] = it.rep.Period.ID
			out = append(out, it)
			continue
		}
		if last.fresh(address, it.file, it.sha, it.content) {
			out = append(out, it)
		}
	}
	return out
}

func record(man *publish.Manifest, now time.Time, address string, items []item, reply string, err error) {
	status := "sent"
	if err != nil {
		status, reply = "failed", err.Error()
	}
	for _, it := range items {
		man.Deliveries = append(man.Deliveries, publish.Delivery{
			Time: now.UTC().Truncate(time.Second), Address: address, Report: it.file,
			SHA256: it.sha, Content: it.content, Status: status, Reply: reply,
		})
	}
}

// trim keeps at most max records, never dropping the newest successful
// delivery of a report to an address.
func trim(ds []publish.Delivery, max int) []publish.Delivery {
	if len(ds) <= max {
		return ds
	}
	keep := make([]bool, len(ds))
	latest := map[string]int{}
	for i, d := range ds {
		if d.Status == "sent" {
			latest[strings.ToLower(d.Address)+"\x00"+d.Report] = i
		}
	}
	n := 0
	for _, i := range latest {
		keep[i] = true
		n++
	}
	for i := len(ds) - 1; i >= 0 && n < max; i-- {
		if !keep[i] {
			keep[i] = true
			n++
		}
	}
	var out []publish.Delivery
	for i, d := range ds {
		if keep[i] {
			out = append(out, d)
		}
	}
	return out
}

// retry runs send up to 1 + d.Retries times, waiting d.RetryWait and
// then twice as long after each failure.
func retry(ctx context.Context, d config.Deliver, log *slog.Logger, to string, send func(context.Context) (string, error)) (string, error) {
	wait := d.RetryWait
	var err error
	for attempt := 0; ; attempt++ {
		var reply string
		actx, cancel := context.WithTimeout(ctx, Timeout)
		reply, err = send(actx)
		cancel()
		if err == nil {
			return reply, nil
		}
		var perm permanent
		if attempt >= d.Retries || errors.As(err, &perm) || ctx.Err() != nil {
			return "", err
		}
		log.Warn("delivery failed; retrying", "to", to, "attempt", attempt+1, "wait", wait.String(), "err", err.Error())
		select {
		case <-ctx.Done():
			return "", err
		case <-time.After(wait):
		}
		wait *= 2
	}
}

// permanent marks an error no retry can fix (a missing password).
type permanent struct{ error }

func (p permanent) Unwrap() error { return p.error }

func sendMail(ctx context.Context, opt Options, to string, items []item) (string, error) {
	d := opt.Config.Deliver
	password := ""
	if d.Username != "" {
		password = os.Getenv(d.PasswordEnv)
		if password == "" {
			return "", permanent{fmt.Errorf("the SMTP password is not set: put it in the environment variable %s", d.PasswordEnv)}
		}
	}
	msg, err := buildMessage(opt, to, items)
	if err != nil {
		return "", permanent{err}
	}
	opts := []mail.Option{mail.WithPort(d.Port), mail.WithTimeout(Timeout)}
	switch d.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if d.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(d.Username), mail.WithPassword(password))
	}
	c, err := mail.NewClient(d.Host, opts...)
	if err != nil {
		return "", permanent{err}
	}
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return "", fmt.Errorf("smtp %s:%d: %w", d.Host, d.Port, err)
	}
	return msg.ServerResponse(), nil
}

func buildMessage(opt Options, to string, items []item) (*mail.Msg, error) {
	d := opt.Config.Deliver
	m := mail.NewMsg()
	if err := m.From(d.From); err != nil {
		return nil, fmt.Errorf("deliver.from: %w", err)
	}
	if err := m.To(to); err != nil {
		return nil, fmt.Errorf("deliver.to %s: %w", to, err)
	}
	text, html, subject := compose(opt, items)
	m.Subject(subject)
	m.SetDateWithValue(opt.Now)
	m.SetMessageID()
	m.SetBodyString(mail.TypeTextPlain, text)
	m.AddAlternativeString(mail.TypeTextHTML, html)
	for _, it := range items {
		ct := mail.ContentType("application/pdf")
		if strings.HasSuffix(it.file, ".html") {
			ct = mail.TypeTextHTML
		}
		if err := m.AttachReader(it.file, bytes.NewReader(it.data), mail.WithFileContentType(ct)); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// kindOfFile returns the period kind of a report file name
// ("report-2026-03.pdf" month, "report-2026-Q1.pdf" quarter,
// "report-2026.pdf" year) and false for other files.
func kindOfFile(name string) (reports.PeriodKind, bool) {
	ext := filepath.Ext(name)
	if ext != ".pdf" && ext != ".html" || !strings.HasPrefix(name, "report-") {
		return "", false
	}
	id := strings.TrimSuffix(strings.TrimPrefix(name, "report-"), ext)
	switch {
	case len(id) == 4 && isDigits(id):
		return reports.KindYear, true
	case len(id) == 7 && isDigits(id[:4]) && id[4] == '-' && id[5] == 'Q' && isDigits(id[6:]):
		return reports.KindQuarter, true
	case len(id) == 7 && isDigits(id[:4]) && id[4] == '-' && isDigits(id[5:]):
		return reports.KindMonth, true
	}
	return "", false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// Pending reports whether a report file in outDir tells someone who
// gets its kind something not yet delivered to them (sent.fresh). A
// run whose inputs are unchanged reads and analyses them only then
// (pipeline.Options.NeedReports), so an up-to-date run stays cheap.
func Pending(cfg *config.Config, outDir string) bool {
	d := cfg.Deliver
	if !d.Enabled() {
		return false
	}
	man, err := publish.ReadManifest(filepath.Join(outDir, "manifest.json"))
	if err != nil {
		return false // Run reports it
	}
	last := lastSent(man.Deliveries)
	ents, err := os.ReadDir(outDir)
	if err != nil {
		return false
	}
	for _, e := range ents {
		kind, ok := kindOfFile(e.Name())
		if !ok {
			continue
		}
		html := strings.HasSuffix(e.Name(), ".html")
		_, sum, err := publish.HashFile(filepath.Join(outDir, e.Name()))
		if err != nil {
			continue
		}
		content := man.ContentKey(e.Name(), sum)
		if d.Mail() && (!html || d.AttachHTML) {
			for _, rc := range d.To {
				if rc.Wants(kind) && last.fresh(rc.Address, e.Name(), sum, content) {
					return true
				}
			}
		}
		if d.Webhook != "" && !html && last.fresh(WebhookAddress, e.Name(), sum, content) {
			return true
		}
	}
	return false
}
