-- What each service's records take on disk, so its quota can be in bytes as well as records: 5,000,000
-- records of 1 MiB batches would otherwise be about 10 GB for one leaked key.
ALTER TABLE services ADD COLUMN bytes_stored INTEGER NOT NULL DEFAULT 0 CHECK (bytes_stored >= 0);
