// Package browsertest starts Debian's Chromium for the web pages' tests,
// headless, through chromedp, and keeps their screenshots. Every browser
// test of the project starts it the same way: skipped with -short, skipped
// outside CI when Chromium is not installed, failing in CI when it is not
// (.ci/run installs it).
package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// ChromiumPath is where Debian's chromium package puts the browser.
const ChromiumPath = "/usr/bin/chromium"

// Browser is one headless Chromium for one test.
type Browser struct {
	t testing.TB
	// Ctx runs chromedp actions in the browser's tab; it ends with the
	// test or at the timeout given to Start.
	Ctx context.Context
	// Dir is where screenshots go: $CLEARANCE_ARTIFACTS if set (CI keeps
	// it), else a temporary folder of the test.
	Dir    string
	prefix string
}

// ArtifactDir is $CLEARANCE_ARTIFACTS, created if need be, else a
// temporary folder of the test.
func ArtifactDir(t testing.TB) string {
	if d := os.Getenv("CLEARANCE_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// Start skips the test when it must (see the package comment), then starts
// a headless Chromium with a window of width×height, for at most timeout.
// Screenshots are named prefix-NAME.png. The browser is closed at the end
// of the test.
func Start(t *testing.T, prefix string, width, height int, timeout time.Duration) *Browser {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser; skipped with -short")
	}
	if _, err := os.Stat(ChromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s not found: CI must install Debian's chromium (.ci/run does)", ChromiumPath)
		}
		t.Skipf("browser test skipped: %s not found (apt-get install -y chromium)", ChromiumPath)
	}
	// The browser is started here rather than by the first action: on a
	// loaded machine Chromium now and then exits before it listens
	// (chromedp's "chrome failed to start", seen once in CI), and a second
	// start, in a fresh profile, works.
	var ctx context.Context
	var cancel func()
	for attempt := 1; ; attempt++ {
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(ChromiumPath),
			chromedp.Flag("headless", true),
			chromedp.Flag("no-sandbox", true),
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("no-first-run", true),
			chromedp.Flag("disable-sync", true),
			chromedp.WindowSize(width, height),
			chromedp.UserDataDir(t.TempDir()),
		}
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		tctx, cancelTab := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
		err := chromedp.Do(tctx) // no steps: starts the browser and its tab
		if err == nil {
			ctx, cancel = tctx, func() { cancelTab(); cancelAlloc() }
			break
		}
		cancelTab()
		cancelAlloc()
		if attempt == 3 {
			t.Fatalf("starting %s, three times: %v", ChromiumPath, err)
		}
		t.Logf("starting %s (attempt %d): %v; starting it again", ChromiumPath, attempt, err)
	}
	ctx, cancelTime := context.WithTimeout(ctx, timeout)
	t.Cleanup(func() { cancelTime(); cancel() })
	return &Browser{t: t, Ctx: ctx, Dir: ArtifactDir(t), prefix: prefix}
}

// Shot saves a screenshot of the whole page as prefix-name.png.
func (b *Browser) Shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(b.Dir, b.prefix+"-"+name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		b.t.Error(err)
	}
	b.t.Logf("screenshot: %s", p)
}

// Do runs the steps; if one fails it saves a screenshot ("failed") and
// fails the test, naming what was being done.
func (b *Browser) Do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.Ctx, steps...); err != nil {
		b.Shot("failed")
		b.t.Fatalf("%s: %v", what, err)
	}
}

// Text is the text of the first element the CSS selector finds.
func (b *Browser) Text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.Ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.Shot("failed")
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// Count is how many elements the CSS selector finds.
func (b *Browser) Count(sel string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+quote(sel)+`).length`))
	if err != nil {
		b.t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

// quote writes s as a JavaScript string literal.
func quote(s string) string {
	out := []byte{'"'}
	for _, r := range s {
		switch r {
		case '"', '\\':
			out = append(out, '\\', byte(r))
		default:
			out = append(out, string(r)...)
		}
	}
	return string(append(out, '"'))
}
