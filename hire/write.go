package hire

import (
	"bufio"
	"encoding/json"
	"io"
)

// WriteJSONL writes a result as JSONL: person lines first, then cluster
// lines, then error records.
func WriteJSONL(w io.Writer, r *Result) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range r.People {
		if err := enc.Encode(&r.People[i]); err != nil {
			return err
		}
	}
	for i := range r.Clusters {
		if err := enc.Encode(&r.Clusters[i]); err != nil {
			return err
		}
	}
	for i := range r.Errors {
		if err := enc.Encode(&r.Errors[i]); err != nil {
			return err
		}
	}
	return bw.Flush()
}
