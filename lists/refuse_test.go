package lists

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/clearance-screening/clearance/lists/liststest"
)

// acceptedVersion loads the good files of key, as the version the
// broken one is judged against.
func acceptedVersion(t *testing.T, dir, key string) Accepted {
	t.Helper()
	ds, errs := LoadDir(dir, nil)
	if len(errs) != 0 || len(ds) != 1 || ds[0].Source.Key != key {
		t.Fatalf("the good %s does not load: %v", key, errs)
	}
	return Accepted{Entities: len(ds[0].Entities), DataDate: ds[0].Report.Published}
}

func wantRefusal(t *testing.T, errs []error, key, reason string) {
	t.Helper()
	if len(errs) != 1 {
		t.Fatalf("errors %v, want one refusal", errs)
	}
	var re *RefusedError
	if !errors.As(errs[0], &re) || re.Key != key || re.Reason != reason {
		t.Fatalf("error %v, want %s refused for %s", errs[0], key, reason)
	}
}

func TestLoadingRefusesEveryBrokenList(t *testing.T) {
	accepted := map[string]Accepted{}
	for _, c := range liststest.Cases(t) {
		t.Run(c.Name, func(t *testing.T) {
			dir := t.TempDir()
			liststest.CopySource(t, dir, c.Key)
			if _, ok := accepted[c.Key]; !ok && c.NeedsPrevious {
				accepted[c.Key] = acceptedVersion(t, dir, c.Key)
			}
			c.Break(t, dir)
			prev := map[string]Accepted{c.Key: accepted[c.Key]}
			ds, errs := LoadDirWith(dir, LoadOptions{Previous: prev})
			if len(ds) != 0 {
				t.Errorf("loaded %d datasets, want none", len(ds))
			}
			wantRefusal(t, errs, c.Key, c.Reason)

			// --force accepts what only the previous version condemns
			// (and so does a load with no previous version to judge by);
			// a broken file it cannot force in.
			ds, errs = LoadDirWith(dir, LoadOptions{Previous: prev, Checks: Checks{Force: true}})
			if c.NeedsPrevious && (len(errs) != 0 || len(ds) != 1) {
				t.Errorf("forced: %d datasets, errors %v; want it loaded", len(ds), errs)
			}
			if !c.NeedsPrevious {
				wantRefusal(t, errs, c.Key, c.Reason)
			}
		})
	}
}

func TestUpdateRefusesEveryBrokenListAndKeepsTheCache(t *testing.T) {
	for _, c := range liststest.Cases(t) {
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			src := t.TempDir()
			liststest.CopySource(t, src, c.Key)
			p, srv := newPublisher(t)
			files, _ := os.ReadDir(filepath.Join(src, c.Key))
			for _, f := range files {
				b, _ := os.ReadFile(filepath.Join(src, c.Key, f.Name()))
				p.set("/"+c.Key+"/"+f.Name(), b)
			}
			u := testUpdater(t, srv)
			u.catalogue = nil // the real catalogue
			first := update1(t, u, c.Key)
			if first.Status != Updated {
				t.Fatalf("the good files: %s", first.Message)
			}
			before := snapshot(t, filepath.Join(u.CacheDir, c.Key))

			p.set("/"+c.Key+"/"+c.File, c.Data) // served with 200
			r := update1(t, u, c.Key)
			var re *RefusedError
			if r.Status != Refused || !errors.As(r.Err, &re) || re.Reason != c.Reason {
				t.Fatalf("%s: %s, %v; want refused for %s", c.Name, r.Status, r.Err, c.Reason)
			}
			if after := snapshot(t, filepath.Join(u.CacheDir, c.Key)); !reflect.DeepEqual(before, after) {
				t.Errorf("the refused download changed the cached copy")
			}
			st := CacheStatus(u.CacheDir)
			for _, s := range st {
				if s.Key == c.Key && (s.RefusedReason != c.Reason || !strings.Contains(s.String(), "refused ("+c.Reason+")")) {
					t.Errorf("cache status %q does not say the download was refused for %s", s, c.Reason)
				}
			}

			if c.Reason == ReasonShrunk {
				u.Checks.Force = true
				if r := update1(t, u, c.Key); r.Status != Updated {
					t.Errorf("forced: %s, want updated", r.Message)
				}
				if _, ok := lastRefusal(u.CacheDir, c.Key); ok {
					t.Errorf("the refusal is still reported after an accepted update")
				}
			}
		})
	}
}

func TestRefusalsArePickedOutOfJoinedErrors(t *testing.T) {
	a := &RefusedError{Key: "un_sc_sanctions", Reason: ReasonEmpty, Err: errors.New("x")}
	other := errors.New("disk on fire")
	refs, rest := Refusals(errors.Join(a, other))
	if len(refs) != 1 || refs[0] != a || !errors.Is(rest, other) {
		t.Errorf("Refusals = %v, %v", refs, rest)
	}
	if refs, rest := Refusals(nil); refs != nil || rest != nil {
		t.Errorf("Refusals(nil) = %v, %v", refs, rest)
	}
}
