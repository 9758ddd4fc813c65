//! Places in flight per caller. A route with a cap on what it handles at once (slow uploads, sensor
//! bodies, live streams) would otherwise let one caller hold every place with slow requests and
//! lock everyone else out: `KeyedSlots` gives each key (a device, an address) at most `per_key` of
//! them. A place is given back when its `Slot` is dropped, and a key holding none is forgotten, so
//! the map holds only the callers with something in flight.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

pub struct KeyedSlots<K: Hash + Eq + Clone> {
    per_key: usize,
    held: Mutex<HashMap<K, usize>>,
}

/// One place held by `key`; given back when dropped.
pub struct Slot<K: Hash + Eq + Clone> {
    slots: Arc<KeyedSlots<K>>,
    key: K,
}

impl<K: Hash + Eq + Clone> KeyedSlots<K> {
    pub fn new(per_key: usize) -> Arc<KeyedSlots<K>> {
        Arc::new(KeyedSlots { per_key, held: Mutex::new(HashMap::new()) })
    }

    /// A place for `key`, unless it already holds `per_key` of them.
    pub fn try_take(self: &Arc<Self>, key: K) -> Option<Slot<K>> {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        let count = held.entry(key.clone()).or_insert(0);
        if *count >= self.per_key {
            return None;
        }
        *count += 1;
        Some(Slot { slots: self.clone(), key })
    }

    /// How many places `key` holds now.
    pub fn held_by(&self, key: &K) -> usize {
        self.held.lock().unwrap_or_else(|p| p.into_inner()).get(key).copied().unwrap_or(0)
    }
}

impl<K: Hash + Eq + Clone> Drop for Slot<K> {
    fn drop(&mut self) {
        let mut held = self.slots.held.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(count) = held.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                held.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_holds_at_most_its_share_and_gets_places_back_when_they_are_dropped() {
        let slots = KeyedSlots::new(2);
        let a1 = slots.try_take("a").unwrap();
        let _a2 = slots.try_take("a").unwrap();
        assert!(slots.try_take("a").is_none(), "a third place for one key");
        assert!(slots.try_take("b").is_some(), "another key has its own share");
        drop(a1);
        assert_eq!(slots.held_by(&"a"), 1);
        assert!(slots.try_take("a").is_some());
        assert_eq!(slots.held.lock().unwrap().get("b"), None, "a key holding nothing is forgotten");
    }
}
