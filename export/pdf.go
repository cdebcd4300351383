package export

import (
	"context"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"
	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/batchio"
	"github.com/clearance-screening/clearance/names"
)

// The report's font is DejaVu Sans (Bitstream Vera licence, in
// fonts/LICENSE-DejaVu): Latin, Greek and Cyrillic as written. Hangul is
// written with a Korean TrueType font when one is found (FindHangulFont);
// text in any other script, and Hangul without such a font, is written
// romanised between ‹ and ›, with a note on the page.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVuSans []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuSansBold []byte
)

// HangulFontPaths are where FindHangulFont looks for a Korean TrueType
// font (after $CLEARANCE_HANGUL_FONT): Debian's fonts-nanum and
// fonts-unfonts-core, macOS, Windows.
var HangulFontPaths = []string{
	"/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
	"/usr/share/fonts/truetype/nanum/NanumBarunGothic.ttf",
	"/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf",
	"/usr/share/fonts/nanum/NanumGothic.ttf",
	"/Library/Fonts/NanumGothic.ttf",
	`C:\Windows\Fonts\malgun.ttf`,
}

var hangulFont struct {
	once sync.Once
	path string
	b    []byte
}

// FindHangulFont returns a TrueType font with Hangul and its path: the
// file $CLEARANCE_HANGUL_FONT names, else the first of HangulFontPaths
// that exists; nil when there is none. It is read once.
func FindHangulFont() ([]byte, string) {
	hangulFont.once.Do(func() {
		paths := HangulFontPaths
		if p := os.Getenv("CLEARANCE_HANGUL_FONT"); p != "" {
			paths = append([]string{p}, paths...)
		}
		for _, p := range paths {
			if b, err := os.ReadFile(p); err == nil && len(b) > 0 {
				hangulFont.path, hangulFont.b = p, b
				return
			}
		}
	})
	return hangulFont.b, hangulFont.path
}

// PDFOptions shape a report.
type PDFOptions struct {
	// Now is the report's time, printed on every page; zero means now.
	Now time.Time
	// Hangul is a TrueType font to write Hangul with; nil writes Hangul
	// romanised. NewPDFOptions sets FindHangulFont's.
	Hangul []byte
	// Filter is printed on the cover lines, to say what was selected.
	Filter Filter
}

// NewPDFOptions returns options with the Hangul font found on the machine.
func NewPDFOptions(f Filter) PDFOptions {
	b, _ := FindHangulFont()
	return PDFOptions{Hangul: b, Filter: f}
}

const (
	fontBase   = "dejavu"
	fontHangul = "hangul"
	lineH      = 5.0
)

type report struct {
	pdf       *fpdf.Fpdf
	hangul    bool
	romanised bool // on the current page
	title     string
	now       time.Time
}

func newReport(opts PDFOptions, title string) *report {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCreationDate(now)
	pdf.SetModificationDate(now)
	pdf.SetTitle(title, true)
	pdf.SetCreator("clearance", true)
	pdf.SetProducer("clearance (codeberg.org/go-pdf/fpdf)", true)
	pdf.AddUTF8FontFromBytes(fontBase, "", dejaVuSans)
	pdf.AddUTF8FontFromBytes(fontBase, "B", dejaVuSansBold)
	r := &report{pdf: pdf, title: title, now: now.UTC()}
	if len(opts.Hangul) > 0 {
		pdf.AddUTF8FontFromBytes(fontHangul, "", opts.Hangul)
		r.hangul = !pdf.Err()
		if !r.hangul {
			pdf.ClearError() // an unreadable font: Hangul is romanised instead
		}
	}
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 20)
	pdf.AliasNbPages("{nb}")
	pdf.SetHeaderFunc(func() { r.romanised = false })
	pdf.SetFooterFunc(func() {
		pdf.SetY(-16)
		pdf.SetFont(fontBase, "", 7)
		pdf.SetTextColor(90, 90, 90)
		if r.romanised {
			pdf.CellFormat(0, 3.5, "‹…›: written in a script this report's fonts lack, shown romanised; the CSV export has it as written.", "", 1, "L", false, 0, "")
		}
		pdf.CellFormat(0, 3.5, fmt.Sprintf("%s · generated %s · page %d of {nb}", r.title, r.now.Format("2006-01-02 15:04 UTC"), pdf.PageNo()), "", 0, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	return r
}

// class tells which font writes a rune: 0 DejaVu Sans, 1 the Hangul font,
// 2 neither (romanised).
func (r *report) class(c rune) int {
	switch {
	case c < 0x2E80 && (c < 0x0530 || unicode.In(c, unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Common, unicode.Inherited)) && !unicode.In(c, unicode.Hangul):
		return 0
	case r.hangul && unicode.In(c, unicode.Hangul):
		return 1
	}
	return 2
}

// write writes s in flowing text at the given size and style ("" or "B"),
// switching fonts by script.
func (r *report) write(s, style string, size float64) {
	s = strings.Map(func(c rune) rune {
		if c == '\t' || c == '\n' || c == '\r' {
			return ' '
		}
		if unicode.IsControl(c) {
			return -1
		}
		return c
	}, s)
	start, cls := 0, -1
	flush := func(end int) {
		if end <= start {
			return
		}
		run := s[start:end]
		switch cls {
		case 0:
			r.pdf.SetFont(fontBase, style, size)
		case 1:
			r.pdf.SetFont(fontHangul, "", size)
		default:
			r.pdf.SetFont(fontBase, style, size)
			run = "‹" + romanise(run) + "›"
			r.romanised = true
		}
		r.pdf.Write(lineH, run)
	}
	for i, c := range s {
		k := r.class(c)
		if c == ' ' && cls >= 0 {
			k = cls // a space goes with the run it stands in
		}
		if k != cls {
			flush(i)
			start, cls = i, k
		}
	}
	flush(len(s))
	r.pdf.SetFont(fontBase, style, size)
}

// romanise writes text of a script the fonts lack in Latin letters,
// capitalising each word: ‹Kim Jong Un›. Text it cannot romanise (Han
// characters) is counted instead.
func romanise(s string) string {
	l := names.Latin(s)
	if l == "" {
		return fmt.Sprintf("%d characters not shown", len([]rune(strings.TrimSpace(s))))
	}
	words := strings.Fields(l)
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}

// field writes "label: value" on a line of its own; nothing for an empty value.
func (r *report) field(label, value string) {
	if strings.TrimSpace(value) == "" {
		return
	}
	r.write(label+": ", "B", 9)
	r.write(value, "", 9)
	r.pdf.Ln(lineH)
}

func (r *report) heading(s string) {
	r.pdf.Ln(2)
	r.write(s, "B", 11)
	r.pdf.Ln(lineH + 1)
}

// indented writes lines with the left margin moved in.
func (r *report) indented(fn func()) {
	l, t, rt, _ := r.pdf.GetMargins()
	r.pdf.SetLeftMargin(l + 6)
	r.pdf.SetX(l + 6)
	fn()
	r.pdf.SetMargins(l, t, rt)
	r.pdf.SetX(l)
}

func (r *report) output(w io.Writer) error {
	if err := r.pdf.Error(); err != nil {
		return fmt.Errorf("export: pdf: %w", err)
	}
	return r.pdf.Output(w)
}

// WriteCasesPDF writes the case report: a cover page saying what was
// selected, then a page (or more, for a long history) per case.
func WriteCasesPDF(w io.Writer, cases []Case, actors Actors, opts PDFOptions) error {
	r := newReport(opts, "clearance case report")
	r.pdf.AddPage()
	r.write("Case report", "B", 16)
	r.pdf.Ln(9)
	r.field("Generated", r.now.Format("2006-01-02 15:04:05 UTC"))
	r.field("Cases", fmt.Sprint(len(cases)))
	f := opts.Filter
	sel := []string{}
	if f.Alert != "" {
		sel = append(sel, "alert "+f.Alert)
	}
	if f.Status != "" {
		sel = append(sel, "status "+string(f.Status))
	}
	if !f.Since.IsZero() {
		sel = append(sel, "opened from "+stamp(f.Since))
	}
	if !f.Until.IsZero() {
		sel = append(sel, "opened before "+stamp(f.Until))
	}
	if len(sel) == 0 {
		sel = append(sel, "every alert")
	}
	r.field("Selected", strings.Join(sel, ", "))
	r.pdf.Ln(2)
	r.write("Each case's history is every audit record on its alert, with who acted and when; the sequence numbers (#) are the audit trail's, which 'clearance audit verify' proves unaltered.", "", 9)
	r.pdf.Ln(lineH)
	counts := map[clearance.AlertStatus]int{}
	for _, c := range cases {
		counts[c.Alert.Status]++
	}
	for _, st := range []clearance.AlertStatus{clearance.AlertOpen, clearance.AlertTrueMatch, clearance.AlertFalsePositive} {
		r.field("  "+string(st), fmt.Sprint(counts[st]))
		delete(counts, st)
	}
	for st, n := range counts {
		r.field("  "+string(st), fmt.Sprint(n))
	}
	for i := range cases {
		r.casePage(&cases[i], actors)
	}
	return r.output(w)
}

func (r *report) casePage(c *Case, actors Actors) {
	a := c.Alert
	r.pdf.AddPage()
	r.write("Case "+a.ID, "B", 14)
	r.pdf.Ln(8)
	r.field("Status", string(a.Status))
	r.field("Score", batchio.FormatScore(a.Score))
	r.field("Opened", stamp(a.CreatedAt))
	if !a.DecidedAt.IsZero() {
		r.field("Decided", stamp(a.DecidedAt)+" by "+actors.Name(a.DecidedBy))
		r.field("Reason", a.Reason)
	}

	r.heading("Subject and query")
	if c.Subject != nil {
		r.field("Subject", c.Subject.Ref+" ("+c.Subject.ID+")")
	} else {
		r.field("Subject", a.SubjectID+" (deleted since; the query as screened follows)")
	}
	q := c.Query()
	r.field("Name", q.Name)
	r.field("Type", string(q.Type))
	r.field("Date of birth", q.DOB)
	r.field("Country", q.Country)
	r.field("Gender", q.Gender)
	r.field("Wallet", q.Wallet)
	ids := []string{}
	for _, id := range q.Identifiers {
		ids = append(ids, strings.TrimPrefix(id.Type+":"+id.Number, ":"))
	}
	r.field("Identifiers", strings.Join(ids, ", "))

	r.heading("Match")
	r.field("Listed entity", a.EntityID)
	if m := c.Match; m != nil {
		r.field("Listed name", m.Name)
		r.field("Matched name", m.MatchedName)
		if alias := batchio.MatchedAlias(*m); alias != "" {
			r.field("Matched alias", alias)
		}
		r.field("Source", m.Source)
		r.field("Programmes", strings.Join(m.Programs, ", "))
		r.field("Score", batchio.FormatScore(m.Score))
		if len(m.Reasons) > 0 {
			r.write("Reasons:", "B", 9)
			r.pdf.Ln(lineH)
			r.indented(func() {
				for _, rs := range m.Reasons {
					sc := batchio.FormatScore(rs.Score)
					if rs.Field != "name" && rs.Field != "name_token" && rs.Field != "wallet" && rs.Field != "identifier" && rs.Score >= 0 {
						sc = "+" + sc
					}
					r.write(rs.Field+" · "+rs.How+" · "+sc, "", 9)
					if rs.Query != "" || rs.Listed != "" {
						r.write(" — “"+rs.Query+"” ~ “"+rs.Listed+"”", "", 9)
					}
					r.pdf.Ln(lineH)
				}
			})
		}
		for _, l := range m.Listings {
			r.field("Also listed", l.EntityID+" ("+l.Name+")"+strings.TrimSuffix(" — "+strings.Join(l.Why, "; "), " — "))
		}
	} else {
		r.field("Match", "the screening "+a.ScreeningID+" could not be read")
	}

	r.heading("History")
	if len(c.Records) == 0 {
		r.write("No audit record names this alert.", "", 9)
		r.pdf.Ln(lineH)
	}
	for _, rec := range c.Records {
		r.write(fmt.Sprintf("#%d  %s  ", rec.Seq, rec.Time.UTC().Format("2006-01-02 15:04:05 UTC")), "", 9)
		r.write(actors.Name(rec.Actor), "B", 9)
		r.write("  "+rec.Action, "", 9)
		r.pdf.Ln(lineH)
		if d := Details(rec); d != "" {
			r.indented(func() {
				r.write(d, "", 9)
				r.pdf.Ln(lineH)
			})
		}
	}

	r.heading("Lists")
	if c.Screening != nil {
		r.field("Screened", stamp(c.Screening.CreatedAt)+" ("+c.Screening.ID+", threshold "+batchio.FormatScore(c.Screening.Threshold)+")")
		for _, v := range strings.Split(c.Screening.ListVersion, ",") {
			if v = strings.TrimSpace(v); v != "" {
				r.field("List version", v)
			}
		}
	}
	r.field("Entity version", a.EntityVersion)
}

// WriteAuditPDF writes the audit trail as a listing: one line a record
// (sequence number, time, who, action, object) with its details.
func WriteAuditPDF(ctx context.Context, w io.Writer, st clearance.Store, actors Actors, opts PDFOptions) error {
	r := newReport(opts, "clearance audit trail")
	r.pdf.AddPage()
	r.write("Audit trail", "B", 16)
	r.pdf.Ln(9)
	r.field("Generated", r.now.Format("2006-01-02 15:04:05 UTC"))
	n := 0
	err := EachAudit(ctx, st, func(rec clearance.AuditRecord) error {
		if !opts.Filter.inTime(rec.Time) {
			return nil
		}
		n++
		r.write(fmt.Sprintf("#%d  %s  ", rec.Seq, rec.Time.UTC().Format("2006-01-02 15:04:05 UTC")), "", 8)
		r.write(actors.Name(rec.Actor), "B", 8)
		r.write("  "+rec.Action+"  "+rec.Object, "", 8)
		r.pdf.Ln(lineH)
		if strings.HasPrefix(rec.Object, "alert:") {
			if d := Details(rec); d != "" {
				r.indented(func() {
					r.write(d, "", 8)
					r.pdf.Ln(lineH)
				})
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if n == 0 {
		r.write("No audit record in the selected time.", "", 9)
	}
	return r.output(w)
}
