package sqlstore

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"strconv"
	"sync"
	"time"

	"github.com/clearance-screening/clearance"
)

// The audit hash is computed in the single writer, after the record's
// sequence number and predecessor are known, so its cost is paid serially
// for every write. clearance.AuditRecord.ComputeHash marshals a struct and
// re-compacts the data with encoding/json; auditHash writes the same bytes
// directly. It is used only where the data is already in the form
// json.Marshal gives (compact, with <, > and & escaped), where the
// re-compaction changes nothing; anything else goes through ComputeHash.

var hashBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// marshalled reports whether data is as json.Marshal would write it once
// compacted: then ComputeHash's re-encoding of it is the identity. data
// must already be compact.
func marshalled(data []byte) bool {
	return !bytes.ContainsAny(data, "<>&") && !bytes.Contains(data, []byte("\u2028")) && !bytes.Contains(data, []byte("\u2029"))
}

// auditHash returns r.ComputeHash(), or with mac (an HMAC of the chain key)
// r.ComputeMAC, for a record whose Data is compact and marshalled (see
// marshalled).
func auditHash(r *clearance.AuditRecord, mac hash.Hash) string {
	b := hashBufs.Get().(*bytes.Buffer)
	defer hashBufs.Put(b)
	b.Reset()
	b.WriteString(r.PrevHash)
	b.WriteByte('\n')
	b.WriteString(`{"seq":"`)
	b.WriteString(strconv.FormatInt(r.Seq, 10))
	b.WriteString(`","time":`)
	writeJSONString(b, r.Time.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano))
	b.WriteString(`,"actor":`)
	writeJSONString(b, r.Actor)
	b.WriteString(`,"action":`)
	writeJSONString(b, r.Action)
	b.WriteString(`,"object":`)
	writeJSONString(b, r.Object)
	b.WriteString(`,"data":`)
	if len(r.Data) == 0 {
		b.WriteString("null")
	} else {
		b.Write(r.Data)
	}
	b.WriteByte('}')
	if mac != nil {
		mac.Reset()
		mac.Write(b.Bytes())
		var sum [sha256.Size]byte
		return hex.EncodeToString(mac.Sum(sum[:0]))
	}
	sum := sha256.Sum256(b.Bytes())
	return hex.EncodeToString(sum[:])
}

// writeJSONString writes s as json.Marshal would.
func writeJSONString(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			j, _ := json.Marshal(s) // a string always marshals
			b.Write(j)
			return
		}
	}
	b.WriteByte('"')
	b.WriteString(s)
	b.WriteByte('"')
}
