package report

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/clearance-screening/clearance/hire"
)

// Working hours, local time: the shaded band of the hours chart and the
// share it reports (09:00 to 18:00).
const (
	workStart = 9
	workEnd   = 18
)

// refYear is the year whose daylight-saving rules place each month's
// events, as the engine does (the aggregate keeps months, not years).
// HoursCSS styles the hours chart, as GraphCSS the cluster graph.
const HoursCSS = `.hc-t{font:600 14px sans-serif;fill:#111}.hc-s{font:12px sans-serif;fill:#333}.hc-a{font:11px sans-serif;fill:#444}.hc-in{fill:#1f5fa8}.hc-out{fill:#d9480f}.hc-fit{fill:#6c757d}.hc-work{fill:#d3f9d8}`

const refYear = 2025

// workWeight is how typical each local hour is of a working day, the
// engine's weighting, used to find the best-fitting offset when the
// evidence names none.
var workWeight = [24]float64{7: 0.3, 8: 0.7, 9: 1, 10: 1, 11: 1, 12: 1, 13: 1, 14: 1, 15: 1, 16: 1, 17: 1, 18: 0.7, 19: 0.3, 20: 0.3}

// Hours is what the hours chart shows, computed from an aggregate: counts
// by local hour of the claimed zone (each month at its own offset) and by
// hour at the best-fitting fixed offset.
type Hours struct {
	Zone       string     // the claimed zone as given
	Known      bool       // false: the zone is unknown or empty and hours are UTC
	Offsets    [12]int    // the claimed zone's UTC offset (minutes) in each month
	Local      [24]uint32 // events by local hour in the claimed zone
	Total      uint32
	InHours    float64 // share of events in working hours in the claimed zone
	FitOffset  int     // minutes east of UTC
	FitNamed   bool    // the fit came from the engine's evidence
	Fit        [24]uint32
	FitInHours float64
}

// ComputeHours places an aggregate's events in the claimed zone and finds
// the best-fitting offset; fit, when it parses ("UTC+09:00", as the
// activity_hours evidence names it), is used instead of computing one.
func ComputeHours(agg *hire.Aggregate, claimedTZ, fit string) Hours {
	h := Hours{Zone: claimedTZ}
	if claimedTZ != "" && claimedTZ != "Local" {
		if loc, err := time.LoadLocation(claimedTZ); err == nil {
			h.Known = true
			for m := range h.Offsets {
				_, off := time.Date(refYear, time.Month(m+1), 15, 12, 0, 0, 0, loc).Zone()
				h.Offsets[m] = off / 60
			}
		}
	}
	var hm [12][24]uint32
	if agg != nil {
		hm = agg.HourMonth
	}
	h.Local = place(&hm, h.Offsets)
	h.Total, h.InHours = share(h.Local)
	if off, ok := hire.ParseOffset(fit); ok && fit != "" {
		h.FitOffset, h.FitNamed = off, true
	} else {
		best := -1.0
		for o := -12 * 60; o <= 14*60; o += 60 {
			l := place(&hm, fixed(o))
			s, total := 0.0, 0.0
			for hr, n := range l {
				s += float64(n) * workWeight[hr]
				total += float64(n)
			}
			if total > 0 && s/total > best+1e-9 {
				best, h.FitOffset = s/total, o
			}
		}
	}
	h.Fit = place(&hm, fixed(h.FitOffset))
	_, h.FitInHours = share(h.Fit)
	return h
}

func fixed(o int) [12]int {
	var offs [12]int
	for m := range offs {
		offs[m] = o
	}
	return offs
}

// place counts events by local hour, each month at its offset.
func place(hm *[12][24]uint32, offs [12]int) [24]uint32 {
	var local [24]uint32
	for m := 0; m < 12; m++ {
		for h := 0; h < 24; h++ {
			if n := hm[m][h]; n > 0 {
				local[((h*60+offs[m])%1440+1440)%1440/60] += n
			}
		}
	}
	return local
}

func share(local [24]uint32) (total uint32, in float64) {
	var w uint32
	for h, n := range local {
		total += n
		if h >= workStart && h < workEnd {
			w += n
		}
	}
	if total == 0 {
		return 0, 0
	}
	return total, float64(w) / float64(total)
}

// FmtOffset writes minutes east of UTC as "UTC+09:00".
func FmtOffset(min int) string {
	sign := '+'
	if min < 0 {
		sign, min = '-', -min
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, min/60, min%60)
}

// zoneLabel names the zone the chart's first panel uses.
func (h *Hours) zoneLabel() string {
	if h.Known {
		return h.Zone
	}
	return "UTC"
}

// offsetsText says which offsets the claimed zone used in which months:
// "UTC-08:00 in Jan–Feb, Nov–Dec; UTC-07:00 in Mar–Oct".
func (h *Hours) offsetsText() string {
	if !h.Known {
		if h.Zone == "" {
			return "no claimed zone: hours are UTC"
		}
		return fmt.Sprintf("claimed zone %q unknown: hours are UTC", h.Zone)
	}
	var order []int
	months := map[int][]int{}
	for m, o := range h.Offsets {
		if _, ok := months[o]; !ok {
			order = append(order, o)
		}
		months[o] = append(months[o], m)
	}
	if len(order) == 1 {
		return FmtOffset(order[0]) + " all year"
	}
	var parts []string
	for _, o := range order {
		parts = append(parts, FmtOffset(o)+" in "+monthRanges(months[o]))
	}
	return strings.Join(parts, "; ")
}

// monthRanges writes sorted month indexes as ranges: "Jan–Mar, Nov–Dec".
func monthRanges(ms []int) string {
	var parts []string
	for i := 0; i < len(ms); {
		j := i
		for j+1 < len(ms) && ms[j+1] == ms[j]+1 {
			j++
		}
		a := time.Month(ms[i] + 1).String()[:3]
		if j > i {
			a += "–" + time.Month(ms[j] + 1).String()[:3]
		}
		parts = append(parts, a)
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// Summary is the chart's one-sentence reading, for its aria-label.
func (h *Hours) Summary() string {
	if h.Total == 0 {
		return "No activity recorded."
	}
	s := fmt.Sprintf("%d events; %.0f%% in working hours (%02d:00–%02d:00) in %s (%s)", h.Total, h.InHours*100, workStart, workEnd, h.zoneLabel(), h.offsetsText())
	how := "fits best"
	if h.FitNamed {
		how = "the engine's best fit"
	}
	return s + fmt.Sprintf("; %s %s: %.0f%% in working hours.", how, FmtOffset(h.FitOffset), h.FitInHours*100)
}

// HoursChart draws a person's activity by hour of day in the zone they
// claim (each month at that zone's own offset, so daylight saving moves
// the hours as it should), with the zone's ordinary working hours
// (09:00–18:00) shaded and, below, the same activity at the fixed offset
// that fits working hours best. An unknown or empty zone is drawn in UTC
// and the chart says so.
func HoursChart(agg *hire.Aggregate, claimedTZ string) template.HTML {
	return HoursChartFit(agg, claimedTZ, "")
}

// HoursChartFit is HoursChart with the best-fitting offset the engine's
// evidence names (the activity_hours signal's best_fit_offset, such as
// "UTC+09:00"); an empty or unreadable fit is computed instead.
func HoursChartFit(agg *hire.Aggregate, claimedTZ, fit string) template.HTML {
	h := ComputeHours(agg, claimedTZ, fit)
	return h.SVG()
}

// SVG draws the chart.
func (h *Hours) SVG() template.HTML {
	const (
		w      = 720.0
		left   = 48.0
		right  = 12.0
		top    = 40.0
		mainH  = 150.0
		gap    = 46.0
		fitH   = 60.0
		bottom = 34.0
	)
	// The second panel only says something when the fit is not one of the
	// claimed zone's own offsets (or the engine named it).
	own := false
	for _, o := range h.Offsets {
		own = own || o == h.FitOffset
	}
	showFit := h.Total > 0 && (h.FitNamed || !own)
	height := top + mainH + bottom
	if showFit {
		height += gap + fitH
	}
	plotW := w - left - right
	bw := plotW / 24
	var b strings.Builder
	title := fmt.Sprintf("Activity by hour of day in %s", h.zoneLabel())
	if h.Known {
		title += " (claimed zone)"
	}
	summary := h.Summary()
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="hours-chart" role="img" width="%s" height="%s" viewBox="0 0 %s %s" aria-label="%s" data-zone="%s" data-known="%t" data-fit="%s">`,
		num(w), num(height), num(w), num(height), esc(title+". "+summary), esc(h.zoneLabel()), h.Known, esc(FmtOffset(h.FitOffset)))
	fmt.Fprintf(&b, `<title>%s</title><desc>%s</desc>`, esc(title), esc(summary))
	b.WriteString(`<style>` + HoursCSS + `</style>`)
	fmt.Fprintf(&b, `<text class="hc-t" x="%s" y="18">%s</text>`, num(left), esc(title))
	sub := h.offsetsText()
	if h.Total > 0 {
		sub = fmt.Sprintf("%d events, %.0f%% between %02d:00 and %02d:00 · %s", h.Total, h.InHours*100, workStart, workEnd, sub)
	} else {
		sub = "no activity recorded · " + sub
	}
	fmt.Fprintf(&b, `<text class="hc-s" x="%s" y="34">%s</text>`, num(left), esc(clip(sub, 110)))

	panel := func(y0, ph float64, counts [24]uint32, class string) {
		var peak uint32
		for _, n := range counts {
			peak = max(peak, n)
		}
		// Working hours, shaded.
		fmt.Fprintf(&b, `<rect class="hc-work work-hours" x="%s" y="%s" width="%s" height="%s"><title>working hours %02d:00–%02d:00</title></rect>`,
			num(left+workStart*bw), num(y0), num((workEnd-workStart)*bw), num(ph), workStart, workEnd)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#888" stroke-width="1"/>`, num(left), num(y0+ph), num(w-right), num(y0+ph))
		fmt.Fprintf(&b, `<text class="hc-a" x="%s" y="%s" text-anchor="end">%d</text>`, num(left-6), num(y0+10), peak)
		fmt.Fprintf(&b, `<text class="hc-a" x="%s" y="%s" text-anchor="end">0</text>`, num(left-6), num(y0+ph))
		for hr, n := range counts {
			in := hr >= workStart && hr < workEnd
			fill := "hc-out"
			if class == "fitbar" {
				fill = "hc-fit"
			} else if in {
				fill = "hc-in"
			}
			bh := 0.0
			if peak > 0 {
				bh = ph * float64(n) / float64(peak)
			}
			fmt.Fprintf(&b, `<rect class="%s %s" data-hour="%d" data-count="%d" data-in-hours="%t" x="%s" y="%s" width="%s" height="%s"><title>%02d:00–%02d:59: %d events</title></rect>`,
				class, fill, hr, n, in, num(left+float64(hr)*bw+1), num(y0+ph-bh), num(bw-2), num(bh), hr, hr, n)
		}
		for hr := 0; hr < 24; hr += 3 {
			fmt.Fprintf(&b, `<text class="hc-a" x="%s" y="%s" text-anchor="middle">%02d</text>`, num(left+float64(hr)*bw+bw/2), num(y0+ph+14), hr)
		}
	}
	panel(top+8, mainH-8, h.Local, "bar")
	if showFit {
		y := top + mainH + bottom - 6
		how := "best fit"
		if h.FitNamed {
			how = "the engine's best fit"
		}
		fmt.Fprintf(&b, `<text class="hc-s" x="%s" y="%s">The same activity at %s (%s): %.0f%% in working hours</text>`, num(left), num(y+14), esc(FmtOffset(h.FitOffset)), how, h.FitInHours*100)
		panel(y+22, fitH, h.Fit, "fitbar")
	}
	fmt.Fprintf(&b, `<text class="hc-a" x="%s" y="%s">local hour</text>`, num(w-right-60), num(height-4))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
