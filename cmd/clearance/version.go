package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/clearance-screening/clearance/lists"
)

// versionInfo is what "clearance version" tells: the build, from the
// binary's own build information, and the lists the update cache holds.
type versionInfo struct {
	Module   string `json:"module"`
	Version  string `json:"version"`            // "(devel)" for a build from a checkout
	Revision string `json:"revision,omitempty"` // the VCS commit, when built in a checkout
	Time     string `json:"time,omitempty"`     // the commit's time
	Modified bool   `json:"modified,omitempty"` // built with uncommitted changes
	Go       string `json:"go"`
	// Lists are the update cache's records: read from small files beside
	// each source, never by loading a list.
	Lists []cachedList `json:"lists"`
}

type cachedList struct {
	Key       string    `json:"key"`
	Published string    `json:"published,omitempty"` // the data date
	Entities  int       `json:"entities,omitempty"`
	Fetched   time.Time `json:"fetched,omitzero"`
}

// buildInfo reads the module version and VCS stamp the go command put in
// the binary ("go build" in a checkout stamps the commit; "go install
// module@version" the version).
func buildInfo() versionInfo {
	v := versionInfo{Module: "github.com/clearance-screening/clearance", Version: "(devel)", Go: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if bi.Main.Path != "" {
		v.Module = bi.Main.Path
	}
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// short is the version in a word, as the service and MCP clients show it.
func (v versionInfo) short() string {
	s := v.Version
	if v.Revision != "" {
		r := v.Revision
		if len(r) > 12 {
			r = r[:12]
		}
		s += "+" + r
		if v.Modified {
			s += "-dirty"
		}
	}
	return s
}

func runVersion(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("version", "", "Print the build's version, VCS revision and Go version, and the list versions in the update cache.")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		fs.Usage()
		return errUsage
	}
	v := buildInfo()
	v.Lists = []cachedList{}
	if e.cacheDir != "" {
		for _, st := range lists.CacheStatus(e.cacheDir) {
			if st.Present {
				v.Lists = append(v.Lists, cachedList{Key: st.Key, Published: st.Published, Entities: st.Entities, Fetched: st.Fetched})
			}
		}
	}
	if e.json {
		return writeJSON(e.stdout, v)
	}
	fmt.Fprintf(e.stdout, "clearance %s\n", v.Version)
	fmt.Fprintf(e.stdout, "module    %s\n", v.Module)
	if v.Revision != "" {
		mod := ""
		if v.Modified {
			mod = " (with uncommitted changes)"
		}
		fmt.Fprintf(e.stdout, "revision  %s %s%s\n", v.Revision, v.Time, mod)
	}
	fmt.Fprintf(e.stdout, "go        %s\n", v.Go)
	if len(v.Lists) == 0 {
		fmt.Fprintf(e.stdout, "lists     none in the update cache (%s); the built-in set, or --lists\n", e.cacheDir)
		return nil
	}
	fmt.Fprintf(e.stdout, "lists     in the update cache %s:\n", e.cacheDir)
	for _, l := range v.Lists {
		date := l.Published
		if date == "" {
			date = "date unknown"
		}
		fmt.Fprintf(e.stdout, "          %-18s %s", l.Key, date)
		if l.Entities > 0 {
			fmt.Fprintf(e.stdout, ", %d entities", l.Entities)
		}
		if !l.Fetched.IsZero() {
			fmt.Fprintf(e.stdout, ", fetched %s", l.Fetched.UTC().Format(time.RFC3339))
		}
		fmt.Fprintln(e.stdout)
	}
	return nil
}
