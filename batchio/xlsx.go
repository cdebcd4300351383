package batchio

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// XLSXReader reads the first sheet of an Excel workbook row by row, giving
// each row as a CSV line, so that the CSV parser reads it by the header
// row's column names as it reads a CSV file. A Line's No is the row's
// number in the sheet; its Offset and End are row numbers too, not bytes:
// an XLSX input is not resumed from a checkpoint.
type XLSXReader struct {
	f      *excelize.File
	rows   *excelize.Rows
	sheet  string
	no     int
	header []byte
	dob    int // the dob column's index, -1 if none
	d1904  bool
}

// OpenXLSX opens a workbook from r (read whole: a workbook is a zip,
// whose directory is at its end) and reads up to its header row, the
// first row that is not empty. name is for messages.
func OpenXLSX(r io.Reader, name string) (*XLSXReader, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, fmt.Errorf("%s: not an XLSX workbook: %w", name, err)
	}
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		f.Close()
		return nil, fmt.Errorf("%s: the workbook has no sheet", name)
	}
	x := &XLSXReader{f: f, sheet: sheets[0], dob: -1}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		x.d1904 = *p.Date1904
	}
	if x.rows, err = f.Rows(x.sheet); err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: sheet %q: %w", name, x.sheet, err)
	}
	for {
		cells, err := x.row()
		if err == io.EOF {
			x.Close()
			return nil, fmt.Errorf("%s: sheet %q has no header row", name, x.sheet)
		}
		if err != nil {
			x.Close()
			return nil, fmt.Errorf("%s: sheet %q row %d: %w", name, x.sheet, x.no, err)
		}
		if blank(cells) {
			continue
		}
		for i, c := range cells {
			if strings.EqualFold(strings.TrimSpace(c), "dob") {
				x.dob = i
			}
		}
		x.header = csvLine(cells)
		return x, nil
	}
}

// Header is the header row as a CSV line, for NewParser.
func (x *XLSXReader) Header() []byte { return x.header }

// Sheet is the name of the sheet read.
func (x *XLSXReader) Sheet() string { return x.sheet }

// Pos is where the next row starts: the number of rows read.
func (x *XLSXReader) Pos() Pos { return Pos{Offset: int64(x.no), Line: x.no} }

func (x *XLSXReader) row() ([]string, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	x.no++
	// Raw values: a number as stored, not as the cell's format shows it
	// (1.5E+08, a date as 09-08-65).
	return x.rows.Columns(excelize.Options{RawCellValue: true})
}

// Ready reports true: a workbook is read from a file, which never waits
// for a writer.
func (x *XLSXReader) Ready() bool { return true }

// Next returns the next row as a CSV line, or io.EOF after the last. A
// date of birth stored as an Excel date (a serial number of days) is
// written YYYY-MM-DD; a whole number from 1000 to 2100 is taken as a year.
func (x *XLSXReader) Next() (Line, error) {
	cells, err := x.row()
	if err != nil {
		return Line{}, err
	}
	if x.dob >= 0 && x.dob < len(cells) {
		cells[x.dob] = x.date(cells[x.dob])
	}
	l := Line{No: x.no, Offset: int64(x.no - 1), End: int64(x.no), Text: csvLine(cells)}
	if len(l.Text) > MaxLine {
		l.Text, l.TooLong = l.Text[:MaxLine], true
	}
	return l, nil
}

func (x *XLSXReader) date(s string) string {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || (v == math.Trunc(v) && v >= 1000 && v <= 2100) || v < 1 {
		return s
	}
	t, err := excelize.ExcelDateToTime(v, x.d1904)
	if err != nil {
		return s
	}
	return t.Format("2006-01-02")
}

// Close closes the workbook, removing its temporary files.
func (x *XLSXReader) Close() error {
	if x.rows != nil {
		x.rows.Close()
	}
	return x.f.Close()
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

var lineBreaks = strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")

// csvLine encodes cells as one CSV line, without its line break. Line
// breaks inside a cell become spaces: a CSV row is one line.
func csvLine(cells []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for i, c := range cells {
		if strings.ContainsAny(c, "\r\n") {
			cells[i] = lineBreaks.Replace(c)
		}
	}
	w.Write(cells)
	w.Flush()
	return bytes.TrimRight(b.Bytes(), "\r\n")
}

// XLSXMaxRows is the most rows a sheet holds, header included.
const XLSXMaxRows = excelize.TotalRows

// XLSXWriter writes batch output as an Excel workbook of one sheet,
// "results": it takes the CSV that Header and AppendResult render for
// XLSX and writes each record as a row, with the rank as a whole number,
// the score as a number shown with four decimals and the alert as a
// boolean. Rows are streamed to a temporary file as they come, so a large
// output does not sit in memory; the workbook is written to the
// underlying writer by Close. An XLSXWriter's output cannot be resumed.
type XLSXWriter struct {
	w       io.Writer
	f       *excelize.File
	sw      *excelize.StreamWriter
	pending []byte
	rows    int
	kinds   []byte // per column: 's' string, 'i' integer, 'f' score, 'b' boolean
	score   int    // style of score cells
	bold    int    // style of the header row
	err     error
}

// NewXLSXWriter starts a workbook that Close writes to w.
func NewXLSXWriter(w io.Writer) (*XLSXWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "results"); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter("results")
	if err != nil {
		return nil, err
	}
	x := &XLSXWriter{w: w, f: f, sw: sw}
	numFmt := "0.0000"
	if x.score, err = f.NewStyle(&excelize.Style{CustomNumFmt: &numFmt}); err != nil {
		return nil, err
	}
	if x.bold, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		return nil, err
	}
	return x, nil
}

// Write takes CSV; each complete record becomes a row, the first the
// header.
func (x *XLSXWriter) Write(p []byte) (int, error) {
	if x.err != nil {
		return 0, x.err
	}
	x.pending = append(x.pending, p...)
	// A record ends at a line break outside quotes.
	end, quoted := -1, false
	for i, c := range x.pending {
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\n' && !quoted:
			end = i + 1
		}
	}
	if end < 0 {
		return len(p), nil
	}
	r := csv.NewReader(bytes.NewReader(x.pending[:end]))
	r.FieldsPerRecord = -1
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			x.err = fmt.Errorf("xlsx output: %w", err)
			return 0, x.err
		}
		if err := x.writeRow(rec); err != nil {
			x.err = err
			return 0, err
		}
	}
	x.pending = append(x.pending[:0], x.pending[end:]...)
	return len(p), nil
}

func (x *XLSXWriter) writeRow(rec []string) error {
	if x.rows >= XLSXMaxRows {
		return fmt.Errorf("xlsx output: a sheet holds at most %d rows; write CSV or JSONL instead", XLSXMaxRows)
	}
	x.rows++
	vals := make([]any, len(rec))
	if x.rows == 1 {
		x.kinds = make([]byte, len(rec))
		for i, h := range rec {
			switch h {
			case "rank":
				x.kinds[i] = 'i'
			case "score":
				x.kinds[i] = 'f'
			case "alert":
				x.kinds[i] = 'b'
			default:
				x.kinds[i] = 's'
			}
			vals[i] = excelize.Cell{StyleID: x.bold, Value: h}
		}
		widths := map[string]float64{"id": 14, "entity_id": 30, "name": 30, "matched_name": 30, "matched_alias": 30, "source": 18, "programs": 20, "error": 30, "reasons": 80}
		for i, h := range rec {
			if w, ok := widths[h]; ok {
				if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
					return err
				}
			}
		}
	} else {
		for i, s := range rec {
			vals[i] = s
			if s == "" || i >= len(x.kinds) {
				continue
			}
			switch x.kinds[i] {
			case 'i':
				if n, err := strconv.Atoi(s); err == nil {
					vals[i] = n
				}
			case 'f':
				if f, err := strconv.ParseFloat(s, 64); err == nil {
					vals[i] = excelize.Cell{StyleID: x.score, Value: f}
				}
			case 'b':
				if b, err := strconv.ParseBool(s); err == nil {
					vals[i] = b
				}
			}
		}
	}
	cell, err := excelize.CoordinatesToCellName(1, x.rows)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, vals)
}

// Rows counts the rows written, the header included.
func (x *XLSXWriter) Rows() int { return x.rows }

// Close writes the workbook to the underlying writer and removes the
// temporary files. A record left without its line break is written too.
func (x *XLSXWriter) Close() error {
	defer x.f.Close()
	if x.err == nil && len(bytes.TrimSpace(x.pending)) > 0 {
		x.Write([]byte("\n"))
	}
	if x.err != nil {
		return x.err
	}
	if err := x.sw.Flush(); err != nil {
		return err
	}
	_, err := x.f.WriteTo(x.w)
	return err
}
