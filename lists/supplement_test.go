package lists

import (
	"testing"

	"github.com/clearance-screening/clearance/internal/sharedfiles"
)

func TestSupplementLeavesOutWhatTheOfficialListsHold(t *testing.T) {
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	ds, errs := LoadDir(sharedfiles.ListsDir(), nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	s := Supplement(b, ds)
	has := func(d Dataset, id string) bool {
		for _, e := range d.Entities {
			if e.ID == id {
				return true
			}
		}
		return false
	}
	if has(s, "clearance_dprk:kim-sang-man") {
		t.Errorf("Kim Sang Man kept, though us_ofac_sdn:43377 is loaded")
	}
	if !has(s, "clearance_dprk:song-kum-hyok") {
		t.Errorf("Song Kum Hyok (2025, not in the loaded SDN copy) left out")
	}
	if len(s.Entities) >= len(b.Entities) || len(s.Report.Notes) == 0 {
		t.Errorf("%d of %d entities kept, notes %q", len(s.Entities), len(b.Entities), s.Report.Notes)
	}
	// With nothing loaded, the built-in set stays whole.
	if all := Supplement(b, nil); len(all.Entities) != len(b.Entities) {
		t.Errorf("Supplement with no lists kept %d of %d", len(all.Entities), len(b.Entities))
	}
}
