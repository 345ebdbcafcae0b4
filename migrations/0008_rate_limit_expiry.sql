-- Rate-limit counters expire (docs/adr/0014-fair-rate-limits.md): each row says when its
-- window ends, and expired rows are deleted as submissions are counted, so the per-person
-- counters (keyed by an HMAC of the ID number or phone, never the number itself) live
-- about an hour instead of forever. Rows written before this migration have no expiry and
-- are deleted at the first purge (at worst one counter restarts once).
ALTER TABLE rate_limits ADD COLUMN expires_at INTEGER;
CREATE INDEX rate_limits_expiry ON rate_limits (expires_at);
