-- A lottery application keeps the basic-livelihood waiver declared with it, so the seat won (or
-- the waitlist place) is booked free as the resident asked; `told_at` marks that the resident's
-- result message was written, so a draw resumed after an interruption never tells anyone twice.
ALTER TABLE lottery_applications ADD COLUMN fee_waived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE lottery_applications ADD COLUMN told_at TEXT;
