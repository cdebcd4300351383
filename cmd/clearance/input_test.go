package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMinScoreZeroMeansZeroInBatchAndScreen(t *testing.T) {
	in := filepath.Join(t.TempDir(), "q.jsonl")
	os.WriteFile(in, []byte(`{"id":"a","name":"Kim Chol"}`+"\n"), 0o644)
	count := func(args ...string) int {
		t.Helper()
		stdout, _ := mustRun(t, builtinOnly(t), "", append([]string{"batch", "--in", in, "--limit", "100"}, args...)...)
		rs := readResults(t, stdout)
		if len(rs) != 1 || rs[0].Error != "" {
			t.Fatalf("batch %v: %+v", args, rs)
		}
		return len(rs[0].Matches)
	}
	def, zero := count(), count("--min-score", "0")
	if zero <= def {
		t.Errorf("batch --min-score 0 wrote %d matches, the default %d: 0 was taken as unset", zero, def)
	}
	stdout, _ := mustRun(t, builtinOnly(t), "", "screen", "Kim Chol", "--min-score", "0", "--limit", "100")
	if n := len(parseScreenText(t, stdout)); n != zero {
		t.Errorf("screen --min-score 0 printed %d matches, batch %d", n, zero)
	}
	for _, bad := range []string{"NaN", "-0.5", "1.01", "Inf", "x"} {
		for _, cmd := range [][]string{{"batch", "--in", in}, {"screen", "Kim Chol"}} {
			_, stderr, err := runCLI(t, builtinOnly(t), "", append(cmd, "--min-score", bad)...)
			if err == nil || !strings.Contains(stderr, "-min-score: min score") || !strings.Contains(stderr, "want a number from 0 to 1") {
				t.Errorf("%s --min-score %s: %v; want a usage error naming the flag and the range:\n%s", cmd[0], bad, err, stderr)
			}
		}
	}
}

func TestScreenRefusesANameOverTheLimit(t *testing.T) {
	_, _, err := runCLI(t, builtinOnly(t), "", "screen", strings.Repeat("김", 1001))
	if err == nil || !strings.Contains(err.Error(), "name: 1001 characters; at most 1000") {
		t.Fatalf("screen of a 1,001-character name: %v", err)
	}
	mustRun(t, builtinOnly(t), "", "screen", strings.Repeat("김", 1000))
}

func TestScreenTakesPlaceholdersAsAbsent(t *testing.T) {
	bare, _ := mustRun(t, builtinOnly(t), "", "screen", "King San Man", "--json")
	for _, args := range [][]string{{"--gender", "U"}, {"--dob", "00/00/0000"}, {"--country", "XX"}, {"--type", "unknown"}, {"--dob", "unknown", "--gender", "n/a"}} {
		got, _ := mustRun(t, builtinOnly(t), "", append([]string{"screen", "King San Man", "--json"}, args...)...)
		// The query echoed differs; the matches must not.
		if matchesJSON(got) != matchesJSON(bare) {
			t.Errorf("screen %v scored otherwise than with none:\n%s\nvs\n%s", args, matchesJSON(got), matchesJSON(bare))
		}
	}
}

func matchesJSON(out string) string {
	_, after, _ := strings.Cut(out, `"matches"`)
	return after
}
