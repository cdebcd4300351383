// Package batchio reads batch input files row by row and writes batch
// results, for the local batch command and the distributed workers alike.
//
// Input is read line by line: a JSONL row is one line, and so is a CSV row
// (a quoted field may not span lines; names never hold line breaks). A line
// that cannot be read as a query becomes a row with an error and the
// reader goes on at the next line, so one broken quote never costs the
// rows after it. Every row knows its line number and byte offsets, which
// is what checkpoints and chunks are made of.
package batchio

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// MaxLine is the longest line read whole. A query is a few hundred bytes;
// a longer line is reported as an error row, not read into memory.
const MaxLine = 64 << 10

// Pos is a place in an input: a byte offset at the start of a line and
// the number of lines before it.
type Pos struct {
	Offset int64 `json:"offset"`
	Line   int   `json:"line"`
}

// Line is one line of input.
type Line struct {
	No     int    // 1-based line number in the whole input
	Offset int64  // byte offset of its first byte
	End    int64  // byte offset just after its line break
	Text   []byte // without the line break; at most MaxLine bytes
	// TooLong says the line held more than MaxLine bytes and Text is cut.
	TooLong bool
}

// Blank reports whether the line holds nothing but white space. Blank
// lines are not rows.
func (l Line) Blank() bool { return len(bytes.TrimSpace(l.Text)) == 0 }

// LineReader splits an input into lines, counting lines and bytes.
type LineReader struct {
	br  *bufio.Reader
	pos Pos
}

// NewLineReader reads lines from r, which is positioned at pos of the input.
func NewLineReader(r io.Reader, at Pos) *LineReader {
	return &LineReader{br: bufio.NewReaderSize(r, 64<<10), pos: at}
}

// Pos is where the next line starts.
func (lr *LineReader) Pos() Pos { return lr.pos }

// Next returns the next line, or io.EOF after the last. Its other errors
// are the underlying reader's.
func (lr *LineReader) Next() (Line, error) {
	l := Line{No: lr.pos.Line + 1, Offset: lr.pos.Offset}
	var buf []byte
	for {
		frag, err := lr.br.ReadSlice('\n')
		lr.pos.Offset += int64(len(frag))
		if !l.TooLong {
			if room := MaxLine + 2 - len(buf); len(frag) > room { // +2 for "\r\n"
				buf = append(buf, frag[:room]...)
				l.TooLong = true
			} else {
				buf = append(buf, frag...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err == io.EOF {
			if lr.pos.Offset == l.Offset {
				return Line{}, io.EOF
			}
			break
		}
		if err != nil {
			return Line{}, err
		}
		break
	}
	lr.pos.Line++
	l.End = lr.pos.Offset
	if !l.TooLong {
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
	}
	if len(buf) > MaxLine {
		buf, l.TooLong = buf[:MaxLine], true
	}
	if l.No == 1 {
		buf = bytes.TrimPrefix(buf, []byte("\ufeff")) // a byte-order mark is not data
	}
	l.Text = buf
	return l, nil
}

// Ready reports whether the next line is read already, whole, so that
// Next will not wait for the input.
func (lr *LineReader) Ready() bool {
	b, _ := lr.br.Peek(lr.br.Buffered())
	return bytes.IndexByte(b, '\n') >= 0
}

func isEOF(err error) bool { return err == io.EOF }
