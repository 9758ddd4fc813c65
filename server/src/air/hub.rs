//! The live hub: one broadcast channel that every open air page's event stream listens to. The
//! ingest path tells it which sensors got new readings; it works out their new state once and
//! sends it to every listener (never one database poll per client).

/// Owned by the read-side work: `readings_stored` is what ingestion calls after its commit.
pub struct Hub {}

impl Hub {
    pub fn new() -> Hub {
        Hub {}
    }

    /// Ingestion committed new readings for `sensor` (called after the commit, never before).
    pub fn readings_stored(&self, _sensor: &domain::air::SensorId) {}
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}
