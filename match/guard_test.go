package match

import (
	"errors"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/internal/faults"
)

// panicOn returns a hook that panics for one input only, so the tests
// that run beside it are not disturbed.
func panicOn(bad string) func(string) {
	return func(s string) {
		if s == bad {
			panic("injected fault for " + s)
		}
	}
}

func TestAPanicScreeningOneQueryIsAnErrorForThatQueryOnly(t *testing.T) {
	ix := Build(testEntities(), Options{})
	defer faults.OnScreen(panicOn("Boom Jin Hyok"))()

	ms, err := ix.Screen(clearance.Query{Name: "Boom Jin Hyok"}, clearance.ScreenOptions{})
	var pe *PanicError
	if !errors.As(err, &pe) || !errors.Is(err, ErrInternal) || ms != nil {
		t.Fatalf("Screen of the panicking query: %v, %v; want a *PanicError wrapping ErrInternal and no matches", ms, err)
	}
	if pe.Op != "screen" || pe.Input != "Boom Jin Hyok" || !strings.Contains(string(pe.Stack), "faults") ||
		!strings.Contains(err.Error(), `"Boom Jin Hyok"`) {
		t.Errorf("PanicError %+v (%q) does not name the operation, the query and the stack", pe, err)
	}
	if _, err := ix.Compare(clearance.Query{Name: "Boom Jin Hyok"}, &ix.entities[1]); !errors.As(err, &pe) || pe.Op != "compare" {
		t.Errorf("Compare of the panicking query: %v; want a *PanicError of op compare", err)
	}
	// The index is not harmed: the next query on the same pooled scratch
	// is answered as before.
	ms, err = ix.Screen(clearance.Query{Name: "Park Jin Hyok"}, clearance.ScreenOptions{})
	if err != nil || len(ms) == 0 || ms[0].EntityID != "t:pak" {
		t.Fatalf("Screen after the panic: %v, %v; want t:pak first", ms, err)
	}
}

func TestBuildLeavesOutANameThatPanicsAndReportsIt(t *testing.T) {
	defer faults.OnTokenize(panicOn("PAK, Jin-Hek"))()
	ix := Build(testEntities(), Options{})
	sk := ix.Skipped()
	if len(sk) != 1 || !strings.HasPrefix(sk[0].Where, `t:pak name 1 "PAK, Jin-Hek"`) || !strings.Contains(sk[0].Reason, "internal error") {
		t.Fatalf("Skipped() = %v; want the one alias, named with its entity and the reason", sk)
	}
	// The entity's other names are indexed; the one left out is not.
	for _, name := range []string{"Park Jin Hyok", "PAK, Jin Hyok"} {
		ms, err := ix.Screen(clearance.Query{Name: name}, clearance.ScreenOptions{})
		if err != nil || len(ms) == 0 || ms[0].EntityID != "t:pak" {
			t.Errorf("Screen(%q) = %v, %v; want t:pak", name, ms, err)
		}
	}
	ms, _ := ix.Screen(clearance.Query{Name: "Pak Jin-Hek"}, clearance.ScreenOptions{})
	for _, m := range ms {
		if m.MatchedName == "PAK, Jin-Hek" {
			t.Errorf("the skipped alias was matched: %+v", m)
		}
	}
	// Other entities in the same chunk are whole.
	if ms, err := ix.Screen(clearance.Query{Name: "Kim Sang Man"}, clearance.ScreenOptions{}); err != nil || len(ms) == 0 || ms[0].EntityID != "t:kim" {
		t.Errorf("Kim Sang Man after the skip: %v, %v", ms, err)
	}
}

func TestNamesThatOnceCrashedTheTokeniserScreen(t *testing.T) {
	// Each of these overflowed the stack in names before commit 1181af8;
	// here they must be answered, as Kim Jong Un where the Hangul is read.
	kju := clearance.Entity{ID: "t:kju", Source: "t", Type: clearance.Person, Names: []clearance.Name{{Full: "KIM, Jong Un", Kind: clearance.Primary}}}
	ix := Build(append(testEntities(), kju), Options{})
	for _, name := range []string{"(김정은)", `"김정은"`, "Kim김정은", "Mr.김정은", "김0&0000", "김정은", "金正恩"} {
		ms, err := ix.Screen(clearance.Query{Name: name}, clearance.ScreenOptions{MinScore: new(0.0)})
		if err != nil && !errors.Is(err, ErrEmptyQuery) {
			t.Errorf("Screen(%q): %v", name, err)
			continue
		}
		if strings.Contains(name, "김정은") && (len(ms) == 0 || ms[0].EntityID != "t:kju") {
			t.Errorf("Screen(%q) = %v; want KIM, Jong Un first", name, ms)
		}
	}
}

func TestMinScoreZeroMeansZeroAndNilTheThreshold(t *testing.T) {
	ix := Build(testEntities(), Options{})
	q := clearance.Query{Name: "Kim Song Il"}
	def, _ := ix.Screen(q, clearance.ScreenOptions{Limit: 50})
	all, _ := ix.Screen(q, clearance.ScreenOptions{MinScore: new(0.0), Limit: 50})
	for _, m := range def {
		if m.Score < ix.Threshold() {
			t.Errorf("nil MinScore returned %s at %.3f, under the threshold", m.EntityID, m.Score)
		}
	}
	if len(all) <= len(def) {
		t.Fatalf("MinScore 0 returned %d matches, the default %d; want the ones under the threshold too", len(all), len(def))
	}
}
