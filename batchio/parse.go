package batchio

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/clearance-screening/clearance"
)

// Format is a batch file format.
type Format string

const (
	JSONL Format = "jsonl"
	CSV   Format = "csv"
	// XLSX is an Excel workbook: its first sheet is read as CSV is, by the
	// header row's names, and output is written as CSV's columns are.
	XLSX Format = "xlsx"
)

// ParseFormat reads a --format value.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "jsonl", "ndjson", "json":
		return JSONL, nil
	case "csv":
		return CSV, nil
	case "xlsx":
		return XLSX, nil
	}
	return "", fmt.Errorf("unknown format %q (want jsonl, csv or xlsx)", s)
}

// FormatOf tells a file's format by its extension: .jsonl, .ndjson or
// .json is JSONL, .csv is CSV, .xlsx is XLSX. Any other name is an error, so that a
// spreadsheet export is never read as JSON lines; "-" (standard input or
// output) is JSONL.
func FormatOf(path string) (Format, error) {
	if path == "-" {
		return JSONL, nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json":
		return JSONL, nil
	case ".csv":
		return CSV, nil
	case ".xlsx":
		return XLSX, nil
	}
	return "", fmt.Errorf("%s: unknown extension, want .jsonl, .csv or .xlsx (or say --format)", path)
}

// Parser turns lines into queries.
type Parser struct {
	format Format
	col    map[string]int // CSV: column name -> index
}

// NewParser returns a parser of the format. A CSV parser needs the header
// line, which must name a name or wallet column. An XLSX parser is a CSV
// parser: XLSXReader gives every row as a CSV line.
func NewParser(f Format, header []byte) (*Parser, error) {
	if f == XLSX {
		f = CSV
	}
	p := &Parser{format: f}
	switch f {
	case JSONL:
		return p, nil
	case CSV:
		fields, err := splitCSV(header, nil)
		if err != nil {
			return nil, fmt.Errorf("csv header: %w", err)
		}
		p.col = map[string]int{}
		for i, h := range fields {
			p.col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
		}
		_, name := p.col["name"]
		_, wallet := p.col["wallet"]
		if !name && !wallet {
			return nil, fmt.Errorf("csv header %q: want a name or wallet column", header)
		}
		return p, nil
	}
	return nil, fmt.Errorf("unknown format %q (want jsonl or csv)", f)
}

// Parse reads the query of a line. The query's ID is "line-N" when the row
// gives none, also when the row cannot be read, so that every row has one.
func (p *Parser) Parse(l Line) (clearance.Query, error) {
	var q clearance.Query
	var err error
	switch {
	case l.TooLong:
		err = fmt.Errorf("line longer than %d bytes", MaxLine)
	case p.format == CSV:
		err = p.csvQuery(l.Text, &q)
	default:
		err = decodeQuery(l.Text, &q)
	}
	if q.ID == "" {
		q.ID = "line-" + strconv.Itoa(l.No)
	}
	return q, err
}

// decodeQuery reads one JSON query, checking the fields it knows.
func decodeQuery(b []byte, q *clearance.Query) error {
	var raw rawQuery
	b = bytes.TrimSpace(b)
	if !decodeFast(b, &raw) {
		raw = rawQuery{}
		if err := json.Unmarshal(b, &raw); err != nil {
			return fmt.Errorf("not a JSON query object: %w", err)
		}
	}
	*q = raw.Query
	switch id := raw.ID.(type) {
	case string:
		q.ID = id
	case float64:
		q.ID = strconv.FormatFloat(id, 'f', -1, 64)
	}
	t, err := clearance.ParseEntityType(raw.Type)
	if err != nil {
		return err
	}
	q.Type = t
	return validateQuery(q)
}

// validateQuery applies the checks the API and screen apply too (limits,
// something to screen, a date of birth that reads or a placeholder).
func validateQuery(q *clearance.Query) error { return q.Check() }

func (p *Parser) csvQuery(line []byte, q *clearance.Query) error {
	rec, err := splitCSV(line, nil)
	get := func(k string) string {
		if i, ok := p.col[k]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	if err != nil {
		// The id column, when it reads, still names the row.
		if i, ok := p.col["id"]; ok && i < len(rec) {
			q.ID = strings.TrimSpace(rec[i])
		}
		return err
	}
	q.ID, q.Name, q.DOB, q.Country, q.Gender, q.Wallet = get("id"), get("name"), get("dob"), get("country"), get("gender"), get("wallet")
	t, err := clearance.ParseEntityType(get("type"))
	if err != nil {
		return err
	}
	q.Type = t
	for _, s := range strings.Split(get("identifiers")+";"+get("identifier"), ";") {
		if strings.TrimSpace(s) == "" {
			continue
		}
		id, err := ParseIdentifier(s)
		if err != nil {
			return err
		}
		q.Identifiers = append(q.Identifiers, id)
	}
	return validateQuery(q)
}

// ParseIdentifier reads TYPE:NUMBER (passport:109420132); a bare number
// has no type.
func ParseIdentifier(s string) (clearance.Identifier, error) {
	typ, num, ok := strings.Cut(s, ":")
	if !ok {
		typ, num = "", s
	}
	if strings.TrimSpace(num) == "" {
		return clearance.Identifier{}, fmt.Errorf("identifier %q: want TYPE:NUMBER, e.g. passport:109420132", s)
	}
	return clearance.Identifier{Type: strings.ToLower(strings.TrimSpace(typ)), Number: strings.TrimSpace(num)}, nil
}

// splitCSV splits one CSV line into fields as encoding/csv does (RFC 4180,
// quotes doubled inside quoted fields, no bare quote in an unquoted
// field), appending to dst. On an error it returns the fields read before it.
func splitCSV(line []byte, dst []string) ([]string, error) {
	i := 0
	for {
		if i < len(line) && line[i] == '"' {
			var f []byte
			j := i + 1
			for {
				k := bytes.IndexByte(line[j:], '"')
				if k < 0 {
					return dst, fmt.Errorf("column %d: unterminated quoted field", len(dst)+1)
				}
				f = append(f, line[j:j+k]...)
				j += k + 1
				if j < len(line) && line[j] == '"' { // "" is a quote
					f = append(f, '"')
					j++
					continue
				}
				break
			}
			dst = append(dst, string(f))
			if j == len(line) {
				return dst, nil
			}
			if line[j] != ',' {
				return dst, fmt.Errorf("column %d: extraneous or missing \" in quoted field", len(dst))
			}
			i = j + 1
			continue
		}
		end := bytes.IndexByte(line[i:], ',')
		if end < 0 {
			end = len(line)
		} else {
			end += i
		}
		f := line[i:end]
		if bytes.IndexByte(f, '"') >= 0 {
			return dst, fmt.Errorf("column %d: bare \" in non-quoted field", len(dst)+1)
		}
		dst = append(dst, string(f))
		if end == len(line) {
			return dst, nil
		}
		i = end + 1
	}
}
