// Package sharedfiles locates the project's shared data outside the
// repository: the official list files and the evaluation sets. Tests and
// benchmarks read them in place; they are never copied into the repo.
package sharedfiles

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// ListsEnv and EvalEnv name the environment variables that override where
// the list files and the evaluation sets are.
const (
	ListsEnv = "CLEARANCE_LISTS"
	EvalEnv  = "CLEARANCE_EVAL"
)

// repoRoot is the module root, found from this file's own path so that it
// is right from any package's test directory.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// ListsDir is the folder of official list files: $CLEARANCE_LISTS, else
// ../shared/data/lists beside the repository.
func ListsDir() string {
	if d := os.Getenv(ListsEnv); d != "" {
		return d
	}
	return filepath.Join(repoRoot(), "..", "shared", "data", "lists")
}

// EvalDir is the folder of evaluation sets: $CLEARANCE_EVAL, else
// ../shared/eval beside the repository.
func EvalDir() string {
	if d := os.Getenv(EvalEnv); d != "" {
		return d
	}
	return filepath.Join(repoRoot(), "..", "shared", "eval")
}

// Lists returns the path of a file below ListsDir, failing the test when it
// is missing: a test that needs the real lists must not pass without them.
func Lists(tb testing.TB, elem ...string) string {
	tb.Helper()
	return mustExist(tb, filepath.Join(append([]string{ListsDir()}, elem...)...), ListsEnv)
}

// Eval returns the path of a file below EvalDir, failing the test when it is missing.
func Eval(tb testing.TB, elem ...string) string {
	tb.Helper()
	return mustExist(tb, filepath.Join(append([]string{EvalDir()}, elem...)...), EvalEnv)
}

func mustExist(tb testing.TB, p, env string) string {
	tb.Helper()
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("shared data %s not found (set %s): %v", p, env, err)
	}
	return p
}

// ExtractsDir is the folder of real list extracts kept as parser fixtures
// (MANIFEST.md §6 and §7): list-extracts beside ListsDir. They are parts of
// lists, never loaded beside the whole lists.
func ExtractsDir() string {
	return filepath.Join(ListsDir(), "..", "list-extracts")
}

// Extracts returns the path of a file below ExtractsDir, failing the test
// when it is missing.
func Extracts(tb testing.TB, elem ...string) string {
	tb.Helper()
	return mustExist(tb, filepath.Join(append([]string{ExtractsDir()}, elem...)...), ListsEnv)
}
