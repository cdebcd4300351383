package server

import (
	"reflect"
	"testing"

	"github.com/clearance-screening/clearance"
	"github.com/clearance-screening/clearance/match"
)

// A distributed job's submitter stamps the job with Describe's version and
// workers check it against their NewSnapshot's: the two must agree, and
// change together when a list does.
func TestDescribeAgreesWithNewSnapshot(t *testing.T) {
	ds := testDatasets(t)
	d, s := Describe(ds), NewSnapshot(ds, match.Options{})
	if d.Index != nil {
		t.Error("Describe built an index")
	}
	if d.Version == "" || d.Version != s.Version || !reflect.DeepEqual(d.Sources, s.Sources) {
		t.Errorf("Describe: %q %+v\nNewSnapshot: %q %+v", d.Version, d.Sources, s.Version, s.Sources)
	}
	other := Describe(testDatasets(t, clearance.Entity{ID: "test_list:new", Source: "test_list", Names: []clearance.Name{{Full: "New Entity"}}}))
	if other.Version == d.Version {
		t.Errorf("a listed entity added and the version unchanged: %s", d.Version)
	}
}
