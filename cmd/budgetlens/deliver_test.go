package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports/publish"
)

// mailpitBin finds the Mailpit binary: $MAILPIT, bin/mailpit (where make
// test installs it) or the PATH. Without it the delivery tests skip.
func mailpitBin(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("MAILPIT"); p != "" {
		return p
	}
	if p, err := filepath.Abs("../../bin/mailpit"); err == nil {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	t.Skip("mailpit not found (make test installs github.com/axllent/mailpit into bin/; or set MAILPIT): delivery end-to-end test skipped")
	return ""
}

// freeAddr returns a 127.0.0.1 address with a port free right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// mailpit is a real SMTP server on 127.0.0.1 with an HTTP API to read
// what arrived.
type mailpit struct {
	cmd       *exec.Cmd
	smtp, api string
}

func startMailpit(t *testing.T, bin, smtpAddr, apiAddr string) *mailpit {
	t.Helper()
	cmd := exec.Command(bin, "--smtp", smtpAddr, "--listen", apiAddr, "--quiet", "--disable-version-check")
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatalf("start mailpit: %v", err)
	}
	m := &mailpit{cmd: cmd, smtp: smtpAddr, api: "http://" + apiAddr}
	t.Cleanup(m.stop)
	// Readiness, not timing: wait (bounded) until both ports answer.
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", smtpAddr)
		if err == nil {
			c.Close()
			if resp, err := http.Get(m.api + "/readyz"); err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					return m
				}
			}
		}
		if i == 400 {
			t.Fatalf("mailpit did not come up on %s / %s", smtpAddr, apiAddr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (m *mailpit) stop() {
	if m.cmd.Process != nil && m.cmd.ProcessState == nil {
		m.cmd.Process.Kill()
		m.cmd.Wait()
	}
}

type mpMessage struct {
	ID          string
	To          []struct{ Address string }
	Subject     string
	Text        string
	HTML        string
	Attachments []struct {
		PartID      string
		FileName    string
		ContentType string
	}
}

func (m *mailpit) getJSON(t *testing.T, path string, v any) {
	t.Helper()
	resp, err := http.Get(m.api + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// messages returns every message that arrived, with bodies and
// attachments, keyed by recipient.
func (m *mailpit) messages(t *testing.T) map[string][]mpMessage {
	t.Helper()
	var list struct{ Messages []struct{ ID string } }
	m.getJSON(t, "/api/v1/messages", &list)
	out := map[string][]mpMessage{}
	for _, s := range list.Messages {
		var full mpMessage
		m.getJSON(t, "/api/v1/message/"+s.ID, &full)
		if len(full.To) != 1 {
			t.Errorf("message %q has %d recipients, want exactly one", full.Subject, len(full.To))
			continue
		}
		out[full.To[0].Address] = append(out[full.To[0].Address], full)
	}
	return out
}

// attachments returns file name → sha256 of a message's attachments.
func (m *mailpit) attachments(t *testing.T, msg mpMessage) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, a := range msg.Attachments {
		resp, err := http.Get(m.api + "/api/v1/message/" + msg.ID + "/part/" + a.PartID)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out[a.FileName] = sha(data)
	}
	return out
}

// chatHook is a local Slack-compatible webhook.
type chatHook struct {
	mu    sync.Mutex
	texts []string
	fail  bool
}

func (h *chatHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail {
		http.Error(w, "no_service", http.StatusInternalServerError)
		return
	}
	var body struct{ Text string }
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "invalid_payload", http.StatusBadRequest)
		return
	}
	h.texts = append(h.texts, body.Text)
	io.WriteString(w, "ok")
}

func (h *chatHook) set(fail bool) { h.mu.Lock(); h.fail = fail; h.mu.Unlock() }
func (h *chatHook) posts() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.texts...)
}

// TestDeliver runs budgetlens as a scheduler would, against a real SMTP
// server (Mailpit) and a local chat webhook: the first run mails each
// reader the reports of their kinds; a rerun with unchanged inputs sends
// nothing; with the mail server down and the webhook failing the reports
// are still written and the run exits 5; the next run with both back
// delivers exactly what changed; `deliver -to` resends on demand.
func TestDeliver(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	bin := mailpitBin(t)
	smtpAddr, apiAddr := freeAddr(t), freeAddr(t)
	mp := startMailpit(t, bin, smtpAddr, apiAddr)
	hook := &chatHook{}
	hs := httptest.NewServer(hook)
	defer hs.Close()

	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	os.Mkdir(inbox, 0o755)
	samples := sampleFiles(t)
	for name, data := range samples {
		if name != "actuals-2026-09.xlsx" {
			os.WriteFile(filepath.Join(inbox, name), data, 0o644)
		}
	}
	out := filepath.Join(dir, "out")
	cfg := writeConfig(t, dir, inbox, out, "en")
	f, _ := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprintf(f, `
[deliver]
smtp = %q
tls = "none"
from = "Budget reports <budgetlens@example.com>"
webhook = %q
retries = 2
retry_wait = "1ms"

[[deliver.to]]
address = "cfo@example.com"
kinds = ["quarter", "year"]

[[deliver.to]]
address = "marketing-leads@example.com"
kinds = ["month", "quarter", "year"]
`, smtpAddr, hs.URL)
	f.Close()
	t.Setenv("SOURCE_DATE_EPOCH", "1790000000")
	company := "云启软件"

	runIt := func(want int, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if got := run(t.Context(), append(args, "-config", cfg), &stdout, &stderr); got != want {
			t.Fatalf("%v: exit %d, want %d\nstdout: %s\nstderr: %s", args, got, want, stdout.String(), stderr.String())
		}
		return stdout.String() + stderr.String()
	}
	outSHA := func(name string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		return sha(data)
	}
	checkMessage := func(msg mpMessage, newestPeriod string, wantFiles []string) map[string]string {
		t.Helper()
		if !strings.HasPrefix(msg.Subject, company+": "+newestPeriod+": ") {
			t.Errorf("subject %q: want the company and the %s headline", msg.Subject, newestPeriod)
		}
		headline := strings.TrimPrefix(msg.Subject, company+": ")
		for _, part := range []string{headline, "Where we land", "The plan", "- "} {
			if !strings.Contains(msg.Text, part) {
				t.Errorf("text body lacks %q:\n%s", part, msg.Text)
			}
		}
		if !strings.Contains(msg.HTML, "<h2") || !strings.Contains(msg.HTML, headline) {
			t.Errorf("HTML body lacks the story:\n%s", msg.HTML)
		}
		got := mp.attachments(t, msg)
		var names []string
		for n, sum := range got {
			names = append(names, n)
			if sum != outSHA(n) {
				t.Errorf("attachment %s: sha256 %s, the report's is %s", n, sum, outSHA(n))
			}
		}
		sort.Strings(names)
		sort.Strings(wantFiles)
		if wantFiles != nil && strings.Join(names, " ") != strings.Join(wantFiles, " ") {
			t.Errorf("attachments %v, want %v", names, wantFiles)
		}
		return got
	}

	// 1. First run: every report of each reader's kinds.
	runIt(exitOK, "run")
	msgs := mp.messages(t)
	if len(msgs) != 2 || len(msgs["cfo@example.com"]) != 1 || len(msgs["marketing-leads@example.com"]) != 1 {
		t.Fatalf("first run: messages %v, want one to each reader", msgs)
	}
	cfo1 := checkMessage(msgs["cfo@example.com"][0], "Q3 FY2026 through August 2026", []string{"report-2026-Q1.pdf", "report-2026-Q2.pdf", "report-2026-Q3.pdf", "report-2026.pdf"})
	var months []string
	for m := 1; m <= 8; m++ {
		months = append(months, fmt.Sprintf("report-2026-%02d.pdf", m))
	}
	mkt1 := checkMessage(msgs["marketing-leads@example.com"][0], "August 2026",
		append(months, "report-2026-Q1.pdf", "report-2026-Q2.pdf", "report-2026-Q3.pdf", "report-2026.pdf"))
	posts := hook.posts()
	if len(posts) != 1 || !strings.Contains(posts[0], company+": August 2026: ") || !strings.Contains(posts[0], "out/report-2026-08.pdf") {
		t.Fatalf("chat notices %q: want one with the headline and out/report-2026-08.pdf", posts)
	}

	// 2. Unchanged inputs: nothing is sent again.
	runIt(exitOK, "run")
	if n := len(mp.messages(t)["cfo@example.com"]) + len(mp.messages(t)["marketing-leads@example.com"]); n != 2 {
		t.Errorf("rerun with unchanged inputs: %d messages in total, want still 2", n)
	}
	if len(hook.posts()) != 1 {
		t.Errorf("rerun with unchanged inputs posted again: %q", hook.posts())
	}

	// 3. September arrives while the mail server is down and the chat
	// service fails: reports written, exit 5.
	os.WriteFile(filepath.Join(inbox, "actuals-2026-09.xlsx"), samples["actuals-2026-09.xlsx"], 0o644)
	mp.stop()
	hook.set(true)
	text := runIt(exitDeliver, "run")
	if !strings.Contains(text, "delivery failed") || !strings.Contains(text, "cfo@example.com") {
		t.Errorf("failed delivery not reported:\n%s", text)
	}
	for _, name := range []string{"report-2026-09.pdf", "report-2026-09.html", "report-2026-Q3.pdf", "index.html", "summary.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("after a failed delivery: %v", err)
		}
	}
	man, err := publish.ReadManifest(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, d := range man.Deliveries {
		if d.Status == "failed" {
			failed++
		}
		if d.Status == "sent" && (d.Reply == "" || d.SHA256 == "" || d.Time.IsZero()) {
			t.Errorf("delivery record without reply, sha256 or time: %+v", d)
		}
	}
	if failed == 0 {
		t.Error("manifest records no failed delivery")
	}

	// 4. Both back: the next run delivers what changed, nothing else.
	mp = startMailpit(t, bin, smtpAddr, apiAddr)
	hook.set(false)
	runIt(exitOK, "run")
	msgs = mp.messages(t)
	if len(msgs["cfo@example.com"]) != 1 || len(msgs["marketing-leads@example.com"]) != 1 {
		t.Fatalf("after the outage: messages %v, want one to each reader", msgs)
	}
	for reader, before := range map[string]map[string]string{"cfo@example.com": cfo1, "marketing-leads@example.com": mkt1} {
		newest := "Q3 FY2026 through September 2026"
		if reader == "marketing-leads@example.com" {
			newest = "September 2026"
		}
		got := checkMessage(msgs[reader][0], newest, nil)
		for name, sum := range got {
			if before[name] == sum {
				t.Errorf("%s got %s again with unchanged content", reader, name)
			}
		}
		// Only the reports whose figures changed: September's, its
		// quarter's and its year's; August and older are not news,
		// although their files changed (the data notes list September's).
		want := []string{"report-2026-Q3.pdf", "report-2026.pdf"}
		if reader == "marketing-leads@example.com" {
			want = append(want, "report-2026-09.pdf")
		}
		var names []string
		for name := range got {
			names = append(names, name)
		}
		sort.Strings(names)
		sort.Strings(want)
		if strings.Join(names, " ") != strings.Join(want, " ") {
			t.Errorf("%s got %v after September arrived, want %v", reader, names, want)
		}
	}
	if _, ok := mp.attachments(t, msgs["marketing-leads@example.com"][0])["report-2026-09.pdf"]; !ok {
		t.Error("marketing did not get the new September report")
	}
	if posts := hook.posts(); len(posts) != 2 || !strings.Contains(posts[1], "out/report-2026-09.pdf") {
		t.Errorf("chat notice after the outage: %q", posts)
	}
	runIt(exitOK, "run")
	if n := len(mp.messages(t)["cfo@example.com"]); n != 1 {
		t.Errorf("after delivering, a rerun sent again (%d messages to the CFO)", n)
	}

	// 5. deliver resends the latest on demand, to one reader.
	runIt(exitOK, "deliver", "-to", "cfo@example.com")
	msgs = mp.messages(t)
	if len(msgs["cfo@example.com"]) != 2 || len(msgs["marketing-leads@example.com"]) != 1 {
		t.Fatalf("deliver -to cfo: messages %v", msgs)
	}
	latest := msgs["cfo@example.com"][0] // mailpit lists newest first
	checkMessage(latest, "Q3 FY2026 through September 2026", []string{"report-2026-Q3.pdf", "report-2026.pdf"})

	// -no-deliver after a change sends nothing.
	runIt(exitOK, "run", "-force", "-no-deliver")
	if n := len(mp.messages(t)["marketing-leads@example.com"]); n != 1 {
		t.Errorf("-no-deliver sent mail (%d messages)", n)
	}
}

// TestWatchDeliversChatNotice needs no mail server: watch -once posts the
// chat notice after its run; when the webhook fails the reports are still
// written and it exits 5, and the next run delivers what was missed.
func TestWatchDeliversChatNotice(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	hook := &chatHook{fail: true}
	hs := httptest.NewServer(hook)
	defer hs.Close()
	dir := t.TempDir()
	cfg := watchConfig(t, dir, "zh-CN", "50ms", "10ms")
	f, _ := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprintf(f, "\n[deliver]\nwebhook = %q\nretries = 1\nretry_wait = \"1ms\"\n", hs.URL)
	f.Close()
	inbox := filepath.Join(dir, "inbox")
	os.MkdirAll(inbox, 0o755)
	for name, data := range sampleFiles(t) {
		os.WriteFile(filepath.Join(inbox, name), data, 0o644)
	}
	var stdout, stderr lockedBuffer
	if code := run(t.Context(), []string{"watch", "-once", "-config", cfg}, &stdout, &stderr); code != exitDeliver {
		t.Fatalf("watch -once with the webhook failing: exit %d, want %d\n%s", code, exitDeliver, stderr.String())
	}
	if strings.Count(stderr.String(), "delivery failed: webhook") != 1 {
		t.Errorf("the failure should be said once:\n%s", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "outputs", "report-2026-09.pdf")); err != nil {
		t.Errorf("reports not written: %v", err)
	}
	hook.set(false)
	if code := run(t.Context(), []string{"run", "-config", cfg}, &stdout, &stderr); code != exitOK {
		t.Fatalf("next run: exit %d\n%s", code, stderr.String())
	}
	posts := hook.posts()
	if len(posts) != 1 || !strings.Contains(posts[0], "outputs/report-2026-09.pdf") || !strings.Contains(posts[0], "Test Co：2026年9月") {
		t.Errorf("chat notice after the failure: %q", posts)
	}
}

// TestDeliverOnlyWhatChanged: a reader gets a report again only when what
// it tells changed, not when its bytes did. Each month's new actuals
// change every earlier report's file (the data notes list all the run's
// inputs) and run -force changes the timestamp; neither resends. It needs
// no mail server: the chat webhook gets every kind, and the manifest's
// delivery records say which reports each run sent (e-mail records are
// made by the same code).
func TestDeliverOnlyWhatChanged(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end")
	}
	hook := &chatHook{}
	hs := httptest.NewServer(hook)
	defer hs.Close()
	dir := t.TempDir()
	inbox, out := filepath.Join(dir, "inbox"), filepath.Join(dir, "out")
	os.Mkdir(inbox, 0o755)
	samples := sampleFiles(t)
	for _, name := range []string{"budget-2026.xlsx", "actuals-2026-01.xlsx", "actuals-2026-02.xlsx"} {
		os.WriteFile(filepath.Join(inbox, name), samples[name], 0o644)
	}
	cfg := writeConfig(t, dir, inbox, out, "en")
	f, _ := os.OpenFile(cfg, os.O_APPEND|os.O_WRONLY, 0)
	fmt.Fprintf(f, "\n[deliver]\nwebhook = %q\nretries = 0\n", hs.URL)
	f.Close()

	deliveries := 0 // records in the manifest before this run
	runIt := func(epoch string, args ...string) []string {
		t.Helper()
		t.Setenv("SOURCE_DATE_EPOCH", epoch)
		var stdout, stderr bytes.Buffer
		if got := run(t.Context(), append(args, "-config", cfg), &stdout, &stderr); got != exitOK {
			t.Fatalf("%v: exit %d\n%s%s", args, got, stdout.String(), stderr.String())
		}
		man, err := publish.ReadManifest(filepath.Join(out, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		var sent []string
		for _, d := range man.Deliveries[deliveries:] {
			if d.Status != "sent" || d.Content == "" {
				t.Errorf("delivery record %+v: want sent, with a content key", d)
			}
			sent = append(sent, strings.TrimSuffix(strings.TrimPrefix(d.Report, "report-"), ".pdf"))
		}
		deliveries = len(man.Deliveries)
		sort.Strings(sent)
		return sent
	}
	fileSHA := func(id string) string {
		data, err := os.ReadFile(filepath.Join(out, "report-"+id+".pdf"))
		if err != nil {
			t.Fatal(err)
		}
		return sha(data)
	}
	want := func(step string, got []string, want ...string) {
		t.Helper()
		sort.Strings(want)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: sent %v, want %v", step, got, want)
		}
	}

	// 2026-09-21: the first run sends everything there is.
	want("first run", runIt("1790000000", "run"), "2026-01", "2026-02", "2026-Q1", "2026")
	jan, feb := fileSHA("2026-01"), fileSHA("2026-02")

	// March arrives: March and the periods holding it, nothing older —
	// although January's and February's files changed (data notes).
	os.WriteFile(filepath.Join(inbox, "actuals-2026-03.xlsx"), samples["actuals-2026-03.xlsx"], 0o644)
	want("March's actuals", runIt("1790000000", "run"), "2026-03", "2026-Q1", "2026")
	if fileSHA("2026-01") == jan || fileSHA("2026-02") == feb {
		t.Log("January's or February's file did not change with March's actuals: the step proves less than it should")
	}

	// Regenerated an hour later: new timestamps, the same reports.
	jan = fileSHA("2026-01")
	want("run -force", runIt("1790003600", "run", "-force"))
	if fileSHA("2026-01") == jan {
		t.Error("run -force an hour later left January's file unchanged: the test no longer shows a new timestamp is not news")
	}
	want("unchanged rerun", runIt("1790003600", "run"))

	// A corrected January ledger (one amount 10,000 higher, saved over
	// the original): January, its quarter and its year tell new figures.
	os.WriteFile(filepath.Join(inbox, "actuals-2026-01.xlsx"), correctedJanuary(t, samples["actuals-2026-01.xlsx"]), 0o644)
	// February's and March's reports change too: their year-to-date
	// tile and the year's landing include January.
	want("corrected January", runIt("1790003600", "run"), "2026-01", "2026-02", "2026-03", "2026-Q1", "2026")
	if len(hook.posts()) != 3 {
		t.Errorf("chat notices: %d, want 3 (first run, March, the correction)", len(hook.posts()))
	}
}

// correctedJanuary returns the sample January ledger with its first
// amount (百度SEM 华东, ¥54,204.55) corrected to ¥64,204.55, the zip
// rewritten entry by entry as a spreadsheet tool re-saves it.
func correctedJanuary(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	changed := false
	for _, e := range zr.File {
		rc, err := e.Open()
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if e.Name == "xl/worksheets/sheet1.xml" {
			old := []byte(`<c r="G2" s="3"><v>54204.55</v></c>`)
			if !bytes.Contains(body, old) {
				t.Fatal("sample January ledger: G2 is no longer 54204.55")
			}
			body = bytes.Replace(body, old, []byte(`<c r="G2" s="3"><v>64204.55</v></c>`), 1)
			changed = true
		}
		w, err := zw.Create(e.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(body)
	}
	if err := zw.Close(); err != nil || !changed {
		t.Fatalf("rewrite January: %v (sheet found: %v)", err, changed)
	}
	return buf.Bytes()
}
