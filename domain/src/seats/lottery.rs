//! The published lottery draw, for sessions that open by lottery instead of first come.
//!
//! Before the window opens the district publishes the commitment: the SHA-256 of a secret 32-byte
//! seed. After the window closes it draws, then publishes the seed and the applications (ids and
//! households only). Anyone can re-run the draw: each application's ticket is
//! `SHA-256("<seed as lowercase hex>:<application id>")`; applications are drawn in ascending ticket
//! order; an application wins while seats are left and its household has fewer than the weekly cap
//! of wins; the rest wait in draw order. Same seed, same list: same winners, on any machine.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// A household wins at most this many seats a week by lottery.
pub const HOUSEHOLD_WINS_PER_WEEK: u32 = 2;

/// One application as published: its id and the household it belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: i64,
    pub household: i64,
}

/// The secret that decides a draw, published after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seed(pub [u8; 32]);

impl Seed {
    pub fn to_hex(self) -> String {
        hex(&self.0)
    }

    /// Reads the published 64 hex digits.
    pub fn from_hex(s: &str) -> Option<Seed> {
        if s.len() != 64 || !s.is_ascii() {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (i, byte) in bytes.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Seed(bytes))
    }

    /// What is published before the window opens: the SHA-256 of the seed, in hex.
    pub fn commitment(self) -> String {
        hex(&Sha256::digest(self.0))
    }

    fn ticket(self, application: i64) -> [u8; 32] {
        Sha256::digest(format!("{}:{application}", self.to_hex()).as_bytes()).into()
    }
}

/// Whether a published seed is the one committed to.
pub fn seed_matches(seed: Seed, commitment: &str) -> bool {
    seed.commitment().eq_ignore_ascii_case(commitment.trim())
}

/// The outcome: winners and the waitlist, both in draw order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draw {
    pub winners: Vec<i64>,
    pub waitlist: Vec<i64>,
}

/// Draws `seats` winners from `applications`. `wins_already` says how many seats a household won
/// earlier the same week (the cap counts them).
pub fn draw(seed: Seed, applications: &[Application], seats: u32, wins_already: impl Fn(i64) -> u32) -> Draw {
    let mut order: Vec<(Application, [u8; 32])> = applications.iter().map(|a| (*a, seed.ticket(a.id))).collect();
    order.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.id.cmp(&b.0.id)));
    let mut won: std::collections::HashMap<i64, u32> = std::collections::HashMap::new();
    let mut outcome = Draw { winners: Vec::new(), waitlist: Vec::new() };
    for (application, _) in order {
        let household_wins = won.entry(application.household).or_insert_with(|| wins_already(application.household));
        if (outcome.winners.len() as u32) < seats && *household_wins < HOUSEHOLD_WINS_PER_WEEK {
            *household_wins += 1;
            outcome.winners.push(application.id);
        } else {
            outcome.waitlist.push(application.id);
        }
    }
    outcome
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applications(n: i64, per_household: i64) -> Vec<Application> {
        (1..=n).map(|id| Application { id, household: (id - 1) / per_household }).collect()
    }

    #[test]
    fn the_same_seed_and_list_give_the_same_winners_in_any_order() {
        let seed = Seed([7; 32]);
        let list = applications(300, 1);
        let first = draw(seed, &list, 40, |_| 0);
        let mut reversed = list.clone();
        reversed.reverse();
        assert_eq!(draw(seed, &reversed, 40, |_| 0), first);
        assert_eq!(first.winners.len(), 40);
        assert_eq!(first.waitlist.len(), 260);
        assert_ne!(draw(Seed([8; 32]), &list, 40, |_| 0).winners, first.winners, "another seed, another draw");
    }

    #[test]
    fn the_published_seed_can_be_checked_against_its_commitment() {
        let seed = Seed([42; 32]);
        let published = seed.to_hex();
        let read = Seed::from_hex(&published).unwrap();
        assert!(seed_matches(read, &seed.commitment()));
        assert!(!seed_matches(Seed([43; 32]), &seed.commitment()));
        assert_eq!(Seed::from_hex("zz"), None);
        assert_eq!(seed.commitment().len(), 64);
    }

    #[test]
    fn a_ticket_and_a_commitment_are_sha256_sums_anyone_can_compute() {
        // printf '%s' "$(printf '0%.0s' $(seq 1 64)):1" | sha256sum
        assert_eq!(hex(&Seed([0; 32]).ticket(1)), "0014ab94578f46aac267ddc24503efc56ad0d5941c006f8ca0ef7e5a63c8f17f");
        // printf '%s' "$(printf '0%.0s' $(seq 1 64))" | xxd -r -p | sha256sum
        assert_eq!(Seed([0; 32]).commitment(), "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925");
    }

    #[test]
    fn a_household_wins_at_most_two_seats_a_week() {
        let list = applications(30, 5); // six households of five
        let outcome = draw(Seed([1; 32]), &list, 20, |_| 0);
        assert_eq!(outcome.winners.len(), 12, "six households, two wins each");
        let already = draw(Seed([1; 32]), &list, 20, |household| if household == 0 { 2 } else { 0 });
        assert!(already.winners.iter().all(|id| (id - 1) / 5 != 0), "household 0 won twice earlier this week");
        assert_eq!(already.winners.len() + already.waitlist.len(), 30);
    }

    #[test]
    fn fewer_applications_than_seats_all_win() {
        let outcome = draw(Seed([3; 32]), &applications(5, 1), 10, |_| 0);
        assert_eq!(outcome.winners.len(), 5);
        assert!(outcome.waitlist.is_empty());
    }
}
