package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/clearance-screening/clearance"
)

func runCompare(ctx context.Context, e *env, args []string) error {
	fs := e.newFlagSet("compare", "--in PAIRS.csv [--out SCORES.csv] | NAME1 NAME2", "Score name pairs: each row's name1 (the query) against name2 (a listed name), with the loaded lists' token statistics. Writes the input columns plus score and match.")
	in := fs.String("in", "", "CSV with a header holding name1 and name2 columns (schema optional); - for stdin")
	out := fs.String("out", "-", "output CSV; - for stdout")
	pos, err := e.parseCommand(fs, args)
	if err != nil {
		return err
	}
	if *in == "" && len(pos) != 2 {
		fs.Usage()
		return errUsage
	}
	l, err := e.load()
	if err != nil {
		return err
	}
	ix := l.index
	score := func(n1, n2, schema string) (clearance.Match, error) {
		typ, _ := clearance.ParseEntityType(schemaType(schema))
		ent := clearance.Entity{ID: "pair", Type: typ, Names: []clearance.Name{{Full: n2, Kind: clearance.Primary}}}
		return ix.Compare(clearance.Query{Name: n1, Type: typ}, &ent)
	}
	if *in == "" {
		m, err := score(pos[0], pos[1], "")
		if err != nil {
			return err
		}
		if e.json {
			return writeJSON(e.stdout, map[string]any{"name1": pos[0], "name2": pos[1], "score": clearance.RoundScore(m.Score), "match": m.Score >= ix.Threshold(), "reasons": m.Reasons})
		}
		fmt.Fprintf(e.stdout, "%.3f  match=%v\n", m.Score, m.Score >= ix.Threshold())
		printReasons(e.stdout, m.Reasons, true)
		return nil
	}
	var r io.Reader = e.stdin
	if *in != "-" {
		f, err := os.Open(*in)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	var w io.Writer = e.stdout
	var outFile *os.File
	if *out != "-" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w, outFile = f, f
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: header: %w", *in, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	i1, ok1 := col["name1"]
	i2, ok2 := col["name2"]
	if !ok1 || !ok2 {
		return fmt.Errorf("%s: header %v: want name1 and name2 columns", *in, header)
	}
	is, hasSchema := col["schema"]
	var jw *json.Encoder
	var cw *csv.Writer
	if e.json {
		jw = json.NewEncoder(w)
	} else {
		cw = csv.NewWriter(w)
		cw.Write(append(append([]string{}, header...), "score", "match"))
	}
	line, bad := 1, 0
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line++
		if err == nil && (i1 >= len(rec) || i2 >= len(rec)) {
			err = fmt.Errorf("%d fields, want name1 and name2", len(rec))
		}
		if err != nil {
			bad++
			fmt.Fprintf(e.stderr, "clearance: %s line %d: unreadable row: %v\n", *in, line, err)
			continue
		}
		schema := ""
		if hasSchema && is < len(rec) {
			schema = rec[is]
		}
		m, err := score(rec[i1], rec[i2], schema)
		if err != nil {
			bad++
			fmt.Fprintf(e.stderr, "clearance: %s line %d: %v\n", *in, line, err)
			continue
		}
		if jw != nil {
			jw.Encode(map[string]any{"line": line, "name1": rec[i1], "name2": rec[i2], "score": clearance.RoundScore(m.Score), "match": m.Score >= ix.Threshold()})
		} else {
			cw.Write(append(rec, strconv.FormatFloat(m.Score, 'f', 4, 64), strconv.FormatBool(m.Score >= ix.Threshold())))
		}
	}
	if bad > 0 {
		fmt.Fprintf(e.stderr, "clearance: %d bad rows\n", bad)
	}
	// A full disk shows only here; the scores must not be reported written.
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return fmt.Errorf("%s: %w", *out, err)
		}
	}
	if outFile != nil {
		return outFile.Close()
	}
	return nil
}

// schemaType maps FollowTheMoney schema names to entity types.
func schemaType(schema string) string {
	switch schema {
	case "Person":
		return "person"
	case "Company", "Organization", "LegalEntity", "PublicBody":
		return "organization"
	case "Vessel":
		return "vessel"
	case "Airplane":
		return "aircraft"
	}
	return ""
}
