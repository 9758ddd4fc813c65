//! Property test of the schedule rules: random sequences of residents' bookings, cancellations and
//! official trips (emergencies included), each applied only when the rules allow it, never leave
//! two uses of a car overlapping or a resident's trip followed by less than the charging buffer.

use super::schedule::{all_uses, check_official, check_resident, Use, UseKind};
use super::window::{ResourceKind, TripWindow};
use crate::calendar::{IsoDate, SeoulTime};

/// A small deterministic generator (xorshift64*): the same seed gives the same sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn assert_invariant(stored: &[Use], seed: u64) {
    let rules = ResourceKind::Car.rules();
    let from = SeoulTime::at(IsoDate::parse("2026-11-23").unwrap(), 0, 0).unwrap();
    let to = SeoulTime::from_instant(from.instant() + time::Duration::days(9));
    let uses = all_uses(&rules, stored, from, to);
    for (i, a) in uses.iter().enumerate() {
        for b in &uses[i + 1..] {
            let both_official = a.kind != UseKind::Resident && b.kind != UseKind::Resident;
            if both_official {
                continue; // staff may plan official work next to office hours
            }
            let apart = a.blocks_until(&rules) <= b.start || b.blocks_until(&rules) <= a.start;
            assert!(apart, "seed {seed}: {a:?} and {b:?} overlap or leave too short a charging gap");
        }
    }
}

#[test]
fn random_bookings_cancellations_and_official_trips_never_overlap_or_skip_the_charging_buffer() {
    let rules = ResourceKind::Car.rules();
    let week = SeoulTime::at(IsoDate::parse("2026-11-23").unwrap(), 0, 0).unwrap();
    let mut accepted_total = 0;
    for seed in 1..=300u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut stored: Vec<Use> = Vec::new();
        for step in 0..120 {
            let start_step = rng.below(7 * 24 * 6) as i64;
            let length_steps = 1 + rng.below(36) as i64;
            let start = SeoulTime::from_instant(week.instant() + rules.step * start_step as i32);
            let end = SeoulTime::from_instant(start.instant() + rules.step * length_steps as i32);
            let Some(window) = TripWindow::stored(start, end) else { continue };
            match rng.below(10) {
                0..=5 => {
                    if check_resident(&rules, window, &stored).is_ok() {
                        stored.push(Use { kind: UseKind::Resident, start, end, reference: format!("R{seed}-{step}") });
                        accepted_total += 1;
                    }
                }
                6 | 7 => {
                    let residents: Vec<usize> = (0..stored.len()).filter(|&i| stored[i].kind == UseKind::Resident).collect();
                    if !residents.is_empty() {
                        stored.remove(residents[rng.below(residents.len() as u64) as usize]);
                    }
                }
                _ => {
                    let emergency = rng.below(2) == 0;
                    if let Ok(in_the_way) = check_official(&rules, window, &stored, emergency) {
                        stored.retain(|u| !in_the_way.contains(&u.reference));
                        stored.push(Use { kind: UseKind::Official, start, end, reference: String::new() });
                    }
                }
            }
            assert_invariant(&stored, seed);
        }
    }
    assert!(accepted_total > 3_000, "the sequences booked something ({accepted_total})");
}
