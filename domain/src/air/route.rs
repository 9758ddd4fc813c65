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
            .expect("left is not empty");
        let next = left.remove(pick);
        at = points[next];
        order.push(next);
    }
    // 2-opt: reverse a stretch while that shortens the round
    let mut best = length(depot, &points, &order);
    let mut improved = true;
    while improved && order.len() > 2 {
        improved = false;
        for i in 0..order.len() - 1 {
            for j in i + 1..order.len() {
                order[i..=j].reverse();
                let candidate = length(depot, &points, &order);
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
