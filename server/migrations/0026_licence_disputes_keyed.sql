-- A licence claim (0019) names the licence by the same keyed fingerprint as car_licences (0025):
-- HMAC-SHA256 with the server's licence key, never a plain SHA-256 of the 12 digits.
ALTER TABLE licence_disputes RENAME COLUMN digits_sha256 TO digits_hmac;
