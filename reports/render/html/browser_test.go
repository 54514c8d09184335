package html

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/budgetlens/budgetlens/reports/reportstest"
)

// TestBrowser opens rendered pages in headless Chromium through the
// DevTools protocol (--remote-debugging-pipe, standard library only) and
// fails on any console error, uncaught exception, CSP violation or network
// request other than the page itself, and when a chart did not draw.
func TestBrowser(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not on PATH")
	}
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	r := newRenderer(t)
	dir := t.TempDir()
	write := func(t *testing.T, name string, page []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, page, 0o644); err != nil {
			t.Fatal(err)
		}
		return "file://" + p
	}

	ctx, cancel := context.WithTimeout(context.Background(), 180*time.Second)
	t.Cleanup(cancel)
	b, err := startBrowser(ctx, bin, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// Cleanups run after the parallel subtests finish; a defer would not.
	t.Cleanup(b.close)

	// A page that breaks the rules, to prove the checks see it.
	bad := bytes.Replace(renderIndex(t, r, "en"), []byte("</main>"),
		[]byte(`<img src="http://127.0.0.1:9/x.png" alt=""><script>console.error("boom")</script></main>`), 1)
	tests := []struct {
		name   string
		page   []byte
		width  int
		charts int
		bad    bool // the page is expected to have problems
	}{
		{"self-test", bad, 1280, 0, true},
		{"month-en", render(t, r, reportstest.Month("en"), loadLang(t, "en")), 1280, 9, false},
		{"month-zh-CN-phone", render(t, r, reportstest.Month("zh-CN"), loadLang(t, "zh-CN")), 375, 9, false},
		{"quarter-zh-CN", render(t, r, reportstest.Quarter("zh-CN"), loadLang(t, "zh-CN")), 1280, 9, false},
		{"quarter-zh-CN-phone", render(t, r, reportstest.Quarter("zh-CN"), loadLang(t, "zh-CN")), 390, 9, false},
		{"quarter-en-phone", render(t, r, reportstest.Quarter("en"), loadLang(t, "en")), 390, 9, false},
		{"month-en-phone", render(t, r, reportstest.Month("en"), loadLang(t, "en")), 375, 9, false},
		{"nofunnel-en-phone", render(t, r, reportstest.NoFunnel("en"), loadLang(t, "en")), 390, 8, false},
		{"hostile-en", render(t, r, reportstest.Hostile("en"), loadLang(t, "en")), 1280, 9, false},
		{"empty-en", render(t, r, reportstest.Empty("en"), loadLang(t, "en")), 1280, 1, false}, // no spend: no burn-up, a note instead
		{"index-zh-CN", renderIndex(t, r, "zh-CN"), 1280, 0, false},
		{"index-en", renderIndex(t, r, "en"), 1280, 0, false},
		{"index-en-phone", renderIndex(t, r, "en"), 375, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel() // tabs of one browser
			url := write(t, tt.name+".html", tt.page)
			p, err := b.open(ctx, url, tt.width)
			if err != nil {
				t.Fatal(err)
			}
			defer p.close(ctx)
			// Wait until every chart container says it drew and holds
			// the SVG ECharts rendered.
			var state struct {
				Charts, Rendered, Drawn int
				ScrollWidth, Width      int
				Ready                   string
				Fit                     bool
			}
			const probe = `(() => { if (!document.documentElement || location.protocol !== "file:") return JSON.stringify({Ready: "loading"});
				const c = document.querySelectorAll("[data-chart]");
				const r = document.querySelectorAll('[data-chart][data-rendered="1"]');
				let d = 0; r.forEach(e => { if (e.querySelector("svg path, canvas")) d++; });
				return JSON.stringify({Charts: c.length, Rendered: r.length, Drawn: d,
					ScrollWidth: document.documentElement.scrollWidth, Width: window.innerWidth, Ready: document.readyState,
					Fit: document.documentElement.hasAttribute("data-charts-fit")}); })()`
			deadline := time.Now().Add(45 * time.Second)
			for {
				if err := p.evalJSON(ctx, probe, &state); err != nil {
					t.Fatal(err)
				}
				if state.Ready == "complete" && state.Drawn == tt.charts && (state.Fit || tt.charts == 0) {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("charts: %d containers, %d marked rendered, %d drawn; want %d drawn", state.Charts, state.Rendered, state.Drawn, tt.charts)
				}
				time.Sleep(50 * time.Millisecond)
			}
			if state.Charts != tt.charts {
				t.Errorf("got %d chart containers, want %d", state.Charts, tt.charts)
			}
			// On a phone the page itself must not scroll sideways; wide
			// tables scroll inside their wrapper.
			if state.ScrollWidth > state.Width {
				t.Errorf("page is %dpx wide in a %dpx viewport", state.ScrollWidth, state.Width)
			}
			if !tt.bad {
				checkWordBreaks(ctx, t, p, tt.charts > 0)
			}
			if tt.charts > 0 && !tt.bad {
				checkChartLayout(ctx, t, p, tt.name == "month-en")
			}
			if strings.HasPrefix(tt.name, "index") && tt.width >= 1024 {
				// On a desktop the index shows every column without
				// scrolling: a long headline wraps in its cell instead of
				// pushing the budget, variance and alert columns off-screen.
				var wrap struct{ Scroll, Client int }
				if err := p.evalJSON(ctx, `(() => { const w = document.getElementById("reports").closest(".table-wrap");
					return JSON.stringify({Scroll: w.scrollWidth, Client: w.clientWidth}); })()`, &wrap); err != nil {
					t.Fatal(err)
				}
				if wrap.Client == 0 || wrap.Scroll > wrap.Client {
					t.Errorf("index table is %dpx wide in its %dpx box at %dpx: columns need a sideways scroll", wrap.Scroll, wrap.Client, tt.width)
				}
			}
			if strings.HasPrefix(tt.name, "month") || strings.HasPrefix(tt.name, "hostile") {
				// Sorting the variance table by a numeric column keeps
				// every row and reorders the groups.
				var sorted struct{ Before, After int }
				if err := p.evalJSON(ctx, `(() => { const t = document.getElementById("variance");
					const before = t.querySelectorAll("tbody tr").length;
					t.tHead.rows[0].cells[t.tHead.rows[0].cells.length - 4].querySelector("button").click();
					return JSON.stringify({Before: before, After: t.querySelectorAll("tbody tr").length}); })()`, &sorted); err != nil {
					t.Fatal(err)
				}
				if sorted.Before == 0 || sorted.Before != sorted.After {
					t.Errorf("sorting changed the row count from %d to %d", sorted.Before, sorted.After)
				}
			}
			if strings.Contains(tt.name, "zh-CN") {
				// The page embeds its Chinese glyphs: the browser must
				// accept the font (a font its sanitiser rejects ends in
				// "error", and every character is an empty box on a
				// machine without a Chinese font).
				var font struct{ Status string }
				for i := 0; i < 100; i++ {
					if err := p.evalJSON(ctx, `(() => { document.fonts.load('16px "BL CJK"', "预算");
						const f = [...document.fonts].filter(f => f.family.replace(/"/g, "") === "BL CJK");
						return JSON.stringify({Status: f.length ? f[0].status : "none"}); })()`, &font); err != nil {
						t.Fatal(err)
					}
					if font.Status == "loaded" || font.Status == "error" || font.Status == "none" {
						break
					}
					time.Sleep(50 * time.Millisecond)
				}
				if font.Status != "loaded" {
					t.Errorf("embedded CJK font status %q, want loaded", font.Status)
				}
				if len(tt.page) >= 2<<20 {
					t.Errorf("page is %d bytes, want under 2 MB", len(tt.page))
				}
			}
			if tt.name == "hostile-en" {
				// ECharts' tooltip is HTML: a category named (the waterfall's first step)
				// <script>alert(1)</script> must show as text in it.
				var tip struct {
					Text    string
					Scripts int
				}
				if err := p.evalJSON(ctx, `(() => { const c = echarts.getInstanceByDom(document.getElementById("chart-1"));
					c.dispatchAction({type: "showTip", seriesIndex: 1, dataIndex: 1}); return "{}"; })()`, &tip); err != nil {
					t.Fatal(err)
				}
				for i := 0; i < 40 && tip.Text == ""; i++ {
					time.Sleep(50 * time.Millisecond)
					if err := p.evalJSON(ctx, `(() => { const el = [...document.querySelectorAll("#chart-1 div")].filter(d => !d.querySelector("svg") && d.textContent.includes("alert(1)")).pop();
						return JSON.stringify({Text: el ? el.textContent : "", Scripts: document.querySelectorAll("script").length}); })()`, &tip); err != nil {
						t.Fatal(err)
					}
				}
				if !strings.Contains(tip.Text, "<script>alert(1)</script>") {
					t.Errorf("tooltip text = %q, want the category name as text", tip.Text)
				}
				if want := strings.Count(string(tt.page), "<script"); tip.Scripts != want {
					t.Errorf("%d script elements in the DOM, want %d", tip.Scripts, want)
				}
			}
			// Let late events (a deferred request, an error in a timer)
			// arrive before judging.
			time.Sleep(100 * time.Millisecond)
			if *shotDir != "" {
				if err := p.screenshot(ctx, filepath.Join(*shotDir, tt.name+".png"), tt.width); err != nil {
					t.Error(err)
				}
			}
			if tt.name == "quarter-en-phone" {
				// After the screenshot: it leaves the page broken.
				wordBreakSelfTest(ctx, t, p)
			}
			problems := p.problems(url)
			if tt.bad {
				t.Logf("found, as expected: %q", problems)
				if len(problems) < 2 {
					t.Errorf("a page with an external image and a console error gave problems %q", problems)
				}
				return
			}
			for _, e := range problems {
				t.Error(e)
			}
		})
	}
}

// -shots writes a full-page screenshot of every page to a directory.
var shotDir = flag.String("shots", "", "write browser screenshots to this directory")

// screenshot captures the whole page at the given width.
func (p *page) screenshot(ctx context.Context, file string, width int) error {
	var m struct {
		CSSContentSize struct{ Height float64 } `json:"cssContentSize"`
	}
	if err := p.b.call(ctx, p.session, "Page.getLayoutMetrics", nil, &m); err != nil {
		return err
	}
	h := int(m.CSSContentSize.Height)
	if err := p.b.call(ctx, p.session, "Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": h, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		return err
	}
	time.Sleep(300 * time.Millisecond) // let the charts follow the resize
	var shot struct{ Data []byte }
	if err := p.b.call(ctx, p.session, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot); err != nil {
		return err
	}
	return os.WriteFile(file, shot.Data, 0o644)
}

// browser is a headless Chromium driven over --remote-debugging-pipe:
// JSON messages separated by NUL bytes, written to the browser's fd 3 and
// read from its fd 4.
type browser struct {
	cmd    *exec.Cmd
	in     *os.File // our end of the browser's fd 3
	out    *os.File // our end of the browser's fd 4
	mu     sync.Mutex
	nextID int
	calls  map[int]chan cdpMessage
	events map[string][]cdpMessage // by session ID
	done   chan struct{}
	stderr bytes.Buffer
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

func startBrowser(ctx context.Context, bin, profile string) (*browser, error) {
	cmdIn, in, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	out, cmdOut, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin,
		"--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--no-first-run", "--no-default-browser-check", "--disable-extensions", "--mute-audio",
		"--user-data-dir="+profile, "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{cmdIn, cmdOut}
	b := &browser{cmd: cmd, in: in, out: out, calls: map[int]chan cdpMessage{}, events: map[string][]cdpMessage{}, done: make(chan struct{})}
	cmd.Stderr = &b.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start chromium: %w", err)
	}
	cmdIn.Close()
	cmdOut.Close()
	go b.read()
	return b, nil
}

func (b *browser) read() {
	defer close(b.done)
	rd := bufio.NewReaderSize(b.out, 1<<20)
	for {
		raw, err := rd.ReadBytes(0)
		if err != nil {
			return
		}
		var m cdpMessage
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch, ok := b.calls[m.ID]; ok {
				ch <- m
				delete(b.calls, m.ID)
			}
		} else {
			b.events[m.SessionID] = append(b.events[m.SessionID], m)
		}
		b.mu.Unlock()
	}
}

func (b *browser) call(ctx context.Context, session, method string, params any, result any) error {
	if params == nil {
		params = struct{}{}
	}
	p, err := json.Marshal(params)
	if err != nil {
		return err
	}
	b.mu.Lock()
	b.nextID++
	id := b.nextID
	ch := make(chan cdpMessage, 1)
	b.calls[id] = ch
	msg, _ := json.Marshal(cdpMessage{ID: id, Method: method, Params: p, SessionID: session})
	_, err = b.in.Write(append(msg, 0))
	b.mu.Unlock()
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %s", method, m.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(m.Result, result)
		}
		return nil
	case <-b.done:
		return fmt.Errorf("%s: browser exited: %s", method, lastLines(b.stderr.String()))
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, ctx.Err())
	}
}

func lastLines(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-5):], "\n")
}

func (b *browser) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = b.call(ctx, "", "Browser.close", nil, nil)
	b.in.Close()
	select {
	case <-b.done:
	case <-ctx.Done():
		_ = b.cmd.Process.Kill()
	}
	_ = b.cmd.Wait()
	b.out.Close()
}

// page is one tab with its own DevTools session.
type page struct {
	b               *browser
	target, session string
}

func (b *browser) open(ctx context.Context, url string, width int) (*page, error) {
	var tgt struct{ TargetID string }
	if err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &tgt); err != nil {
		return nil, err
	}
	var att struct{ SessionID string }
	if err := b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": tgt.TargetID, "flatten": true}, &att); err != nil {
		return nil, err
	}
	p := &page{b: b, target: tgt.TargetID, session: att.SessionID}
	for _, m := range []string{"Runtime.enable", "Log.enable", "Network.enable", "Page.enable"} {
		if err := b.call(ctx, p.session, m, nil, nil); err != nil {
			return nil, err
		}
	}
	if err := b.call(ctx, p.session, "Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": false}, nil); err != nil {
		return nil, err
	}
	if err := b.call(ctx, p.session, "Page.navigate", map[string]any{"url": url}, nil); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *page) close(ctx context.Context) {
	_ = p.b.call(ctx, "", "Target.closeTarget", map[string]any{"targetId": p.target}, nil)
}

// evalJSON evaluates expr, which returns a JSON string, into v.
func (p *page) evalJSON(ctx context.Context, expr string, v any) error {
	var res struct {
		Result struct {
			Value string `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	if err := p.b.call(ctx, p.session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res); err != nil {
		return err
	}
	if e := res.ExceptionDetails; e != nil {
		return fmt.Errorf("evaluate: %s %s", e.Text, e.Exception.Description)
	}
	if res.Result.Value == "" {
		return fmt.Errorf("evaluate: no result")
	}
	return json.Unmarshal([]byte(res.Result.Value), v)
}

// problems lists the console errors and warnings, uncaught exceptions,
// log entries (CSP violations arrive as these) and requests for anything
// but the page itself.
func (p *page) problems(url string) []string {
	p.b.mu.Lock()
	events := p.b.events[p.session]
	p.b.mu.Unlock()
	var out []string
	for _, e := range events {
		switch e.Method {
		case "Runtime.consoleAPICalled":
			var c struct {
				Type string
				Args []struct {
					Value       any
					Description string
				}
			}
			_ = json.Unmarshal(e.Params, &c)
			if c.Type == "error" || c.Type == "warning" || c.Type == "assert" {
				out = append(out, fmt.Sprintf("console.%s: %s", c.Type, string(e.Params)))
			}
		case "Runtime.exceptionThrown":
			out = append(out, "uncaught exception: "+string(e.Params))
		case "Log.entryAdded":
			var l struct {
				Entry struct{ Level, Source, Text, URL string }
			}
			_ = json.Unmarshal(e.Params, &l)
			if l.Entry.Level == "error" || l.Entry.Level == "warning" || l.Entry.Source == "security" || l.Entry.Source == "network" {
				out = append(out, fmt.Sprintf("log %s/%s: %s %s", l.Entry.Source, l.Entry.Level, l.Entry.Text, l.Entry.URL))
			}
		case "Network.requestWillBeSent":
			var n struct {
				Request struct{ URL string }
			}
			_ = json.Unmarshal(e.Params, &n)
			if n.Request.URL != url && !strings.HasPrefix(n.Request.URL, "data:") {
				out = append(out, "network request: "+n.Request.URL)
			}
		case "Network.loadingFailed":
			out = append(out, "network failure: "+string(e.Params))
		}
	}
	return out
}
