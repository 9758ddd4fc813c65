-- A waitlist entry remembers the terms it was made on (fee, declared fee waiver, group size), so
-- the booking made when its offer is confirmed is the booking that was asked for.
ALTER TABLE waitlist ADD COLUMN fee_krw INTEGER NOT NULL DEFAULT 0 CHECK (fee_krw >= 0);
ALTER TABLE waitlist ADD COLUMN fee_waived INTEGER NOT NULL DEFAULT 0 CHECK (fee_waived IN (0, 1));
ALTER TABLE waitlist ADD COLUMN group_size INTEGER NOT NULL DEFAULT 1 CHECK (group_size >= 1);

-- Every booking write first looks for offers older than 2 hours: keep that look to an index probe.
CREATE INDEX waitlist_open_offers ON waitlist (offered_at) WHERE status = 'offered';
