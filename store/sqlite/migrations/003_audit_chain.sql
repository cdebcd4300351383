-- The audit trail gets a key (see clearance.AuditKey): records from
-- keyed_from on carry HMAC-SHA256 hashes, those before it plain SHA-256.
-- 0 means no record is keyed yet; a store with a key sets it at its first
-- write, sealing the unkeyed records first with an audit.keyed record.
-- The column only tells writers which kind of hash to append (a store
-- without the key refuses to write to a keyed trail); verification does
-- not trust it, since whoever can write this row can write any other.
ALTER TABLE audit_head ADD COLUMN keyed_from INTEGER NOT NULL DEFAULT 0;
