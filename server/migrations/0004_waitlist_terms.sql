-- A waitlist entry remembers the terms it was made on (fee, declared fee waiver, group size), so
-- the booking made when its offer is confirmed is the booking that was asked for.
ALTER TABLE waitlist ADD COLUMN fee_krw INTEGER NOT NULL DEFAULT 0 CHECK (fee_krw >= 0);
ALTER TABLE waitlist ADD COLUMN fee_waived INTEGER NOT NULL DEFAULT 0 CHECK (fee_waived IN (0, 1));
ALTER TABLE waitlist ADD COLUMN group_size INTEGER NOT NULL DEFAULT 1 CHECK (group_size >= 1);
