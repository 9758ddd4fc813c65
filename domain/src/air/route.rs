//! The water-spraying truck's suggested round: from its depot through every road point where PM10
//! is in the "bad" band or worse, and back. A suggestion, not an optimum: the nearest unvisited
//! point next (worst first on a tie within 50 m), then 2-opt swaps while they shorten the round,
//! with straight-line distances (the truck follows roads; the order is what matters).

use super::sensors::{GeoPoint, SensorId};

/// A road point to visit.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hotspot {
    pub sensor: SensorId,
    pub location: GeoPoint,
    /// The PM10 sub-index that put it on the list.
    pub pm10_index: u16,
}

/// The order to visit `hotspots` in (indices into it) and the round's length in metres, depot to
/// depot.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Round {
    pub order: Vec<usize>,
    pub metres: f64,
}

fn length(depot: GeoPoint, points: &[GeoPoint], order: &[usize]) -> f64 {
    let mut at = depot;
    let mut total = 0.0;
    for &i in order {
        total += at.metres_to(points[i]);
        at = points[i];
    }
    total + at.metres_to(depot)
}

pub fn plan_round(depot: GeoPoint, hotspots: &[Hotspot]) -> Round {
    let points: Vec<GeoPoint> = hotspots.iter().map(|h| h.location).collect();
    let order = nearest_first(depot, hotspots, &points);
    two_opt(depot, &points, order)
}

/// The nearest unvisited point next; among points within 50 m of the nearest, the worst air.
fn nearest_first(depot: GeoPoint, hotspots: &[Hotspot], points: &[GeoPoint]) -> Vec<usize> {
    let mut left: Vec<usize> = (0..points.len()).collect();
    let mut order = Vec::with_capacity(points.len());
    let mut at = depot;
    while !left.is_empty() {
        let nearest = left.iter().map(|&i| at.metres_to(points[i])).fold(f64::INFINITY, f64::min);
        // among points about as near as the nearest, the worst air first
        let pick = left
            .iter()
            .enumerate()
            .filter(|(_, &i)| at.metres_to(points[i]) <= nearest + 50.0)
            .max_by_key(|(_, &i)| (hotspots[i].pm10_index, std::cmp::Reverse(i)))
            .map(|(slot, _)| slot)
            // only when no distance compares (a point without a real position): take it as it comes
            .unwrap_or(0);
        let next = left.remove(pick);
        at = points[next];
        order.push(next);
    }
    order
}

/// Reverses a stretch of the round while that shortens it (never lengthens `order`'s round).
fn two_opt(depot: GeoPoint, points: &[GeoPoint], mut order: Vec<usize>) -> Round {
    let mut best = length(depot, points, &order);
    let mut improved = true;
    while improved && order.len() > 2 {
        improved = false;
        for i in 0..order.len() - 1 {
            for j in i + 1..order.len() {
                order[i..=j].reverse();
                let candidate = length(depot, points, &order);
                if candidate + 1e-6 < best {
                    best = candidate;
                    improved = true;
                } else {
                    order[i..=j].reverse();
                }
            }
        }
    }
    Round { metres: best, order }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spot(i: usize, lat: f64, lon: f64, pm10_index: u16) -> Hotspot {
        Hotspot { sensor: SensorId::parse(&format!("DB-{i:03}")).unwrap(), location: GeoPoint { lat, lon }, pm10_index }
    }

    const DEPOT: GeoPoint = GeoPoint { lat: 37.6688, lon: 127.0471 };

    /// A deterministic scatter of points around Dobong-gu (no rand in the domain).
    fn scatter(n: usize, seed: u64) -> Vec<Hotspot> {
        let mut x = seed;
        let mut next = move || {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (x >> 33) as f64 / (1u64 << 31) as f64
        };
        (0..n).map(|i| spot(i, 37.63 + next() * 0.07, 127.01 + next() * 0.06, 101 + (next() * 300.0) as u16)).collect()
    }

    #[test]
    fn the_round_visits_every_hotspot_exactly_once() {
        for n in [0, 1, 2, 3, 7, 25, 60] {
            let spots = scatter(n, n as u64 + 1);
            let round = plan_round(DEPOT, &spots);
            let mut seen = round.order.clone();
            seen.sort_unstable();
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "{n} hotspots");
            let points: Vec<GeoPoint> = spots.iter().map(|h| h.location).collect();
            assert!((length(DEPOT, &points, &round.order) - round.metres).abs() < 1e-6);
        }
    }

    #[test]
    fn a_point_without_a_real_position_does_not_stop_the_round() {
        let spots = [spot(1, f64::NAN, 127.03, 150), spot(2, 37.65, 127.03, 150)];
        let mut order = plan_round(DEPOT, &spots).order;
        order.sort_unstable();
        assert_eq!(order, vec![0, 1]);
    }

    #[test]
    fn no_hotspots_is_an_empty_round_of_no_length() {
        assert_eq!(plan_round(DEPOT, &[]), Round { order: vec![], metres: 0.0 });
    }

    #[test]
    fn two_opt_is_never_longer_than_the_nearest_neighbour_round() {
        for seed in 1..=20 {
            let spots = scatter(30, seed);
            let points: Vec<GeoPoint> = spots.iter().map(|h| h.location).collect();
            let greedy = nearest_first(DEPOT, &spots, &points);
            let greedy_metres = length(DEPOT, &points, &greedy);
            let round = plan_round(DEPOT, &spots);
            assert!(round.metres <= greedy_metres + 1e-6, "seed {seed}: {} > {greedy_metres}", round.metres);
        }
    }

    #[test]
    fn two_opt_untangles_a_crossed_round() {
        // four corners of a square: the best round goes around, never across
        let spots = [spot(1, 37.650, 127.030, 150), spot(2, 37.660, 127.040, 150), spot(3, 37.650, 127.040, 150), spot(4, 37.660, 127.030, 150)];
        let depot = GeoPoint { lat: 37.655, lon: 127.025 };
        let round = plan_round(depot, &spots);
        let points: Vec<GeoPoint> = spots.iter().map(|h| h.location).collect();
        let around = length(depot, &points, &[0, 2, 1, 3]).min(length(depot, &points, &[3, 1, 2, 0]));
        assert!(round.metres <= around + 1e-6, "{} > {around}", round.metres);
    }

    #[test]
    fn among_points_about_as_near_the_worst_air_comes_first() {
        // two points 10 m apart in distance from the depot: the worse one is visited first
        let spots = [spot(1, 37.6700, 127.0471, 120), spot(2, 37.6701, 127.0471, 300)];
        assert_eq!(plan_round(DEPOT, &spots).order[0], 1);
    }
}
