-- A validated submission is counted in the same transaction that stores it (docs/adr/0028,
-- "Cuts on the request paths"; semantics of docs/adr/0014 unchanged): its counters carry their
-- limit, and the database refuses to take one past it. The whole transaction then rolls back,
-- so a refused submission stores nothing and counts nothing, even when two arrive at once.
-- Counters that count every attempt and compare afterwards (lookup failures, sign-in failures,
-- refused attempts, feedback…) leave max_hits NULL and are not checked.
ALTER TABLE rate_limits ADD COLUMN max_hits INTEGER
  CONSTRAINT rate_limit_room CHECK (max_hits IS NULL OR hits <= max_hits);
