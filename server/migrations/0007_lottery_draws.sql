-- What the lottery publishes beside the seed, so anyone can re-run a draw: how many seats each
-- session was drawn for, each application's place in the draw order, and the wins its household
-- already had that week from other branches' rounds (the weekly cap counts them).
CREATE TABLE lottery_draws (
    round_id   INTEGER NOT NULL REFERENCES lottery_rounds(id),
    session_id INTEGER NOT NULL REFERENCES seat_sessions(id),
    seats      INTEGER NOT NULL CHECK (seats >= 0),
    PRIMARY KEY (round_id, session_id)
);

ALTER TABLE lottery_applications ADD COLUMN draw_position INTEGER;
ALTER TABLE lottery_applications ADD COLUMN prior_wins INTEGER;
CREATE INDEX lottery_applications_of_round ON lottery_applications (round_id, session_id, id);
