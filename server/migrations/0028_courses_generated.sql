-- Which courses the demo generator made (`dongne seed`, the first start): their pages and the API say
-- so, and that the platform address is made up. The catalogues stored so far are the generator's; an
-- import of real rows marks each row it writes as not generated (the upsert sees the flag differ).
ALTER TABLE courses ADD COLUMN generated INTEGER NOT NULL DEFAULT 0 CHECK (generated IN (0, 1));
UPDATE courses SET generated = 1;
