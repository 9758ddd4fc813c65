//! Pruning raw readings older than the retention period; the aggregates stay.
