//! The live hub: one broadcast channel that every open air page's event stream listens to. The
//! ingest path tells it which sensors got new readings; one task works out their new state once
//! (debounced, so a burst of batches is one recomputation) and sends it to every listener — never
//! one database poll per client.
//!
//! Events are built once as SSE `event:` name and JSON `data:` text; each client only filters and
//! writes them. The channel is bounded: a client that falls behind skips to the newest events
//! (and is sent the whole current state again), it is never buffered for.

use super::read::{Snapshot, SqliteAir};
use crate::error::ApiError;
use crate::AppState;
use app::AppError;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use domain::air::{Measure, SensorId, SensorNow};
use serde_json::{json, Map, Value};
use std::collections::{BTreeSet, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;
use crate::serve::slots::{KeyedSlots, Slot};
use std::net::IpAddr;
use tokio::sync::{broadcast, Notify, OwnedSemaphorePermit, Semaphore};

/// Readings arriving within this long of the first are sent as one update.
pub const DEBOUNCE: Duration = Duration::from_millis(200);
/// Events kept for slow listeners: a little over three full updates of 80 sensors.
const CHANNEL_CAPACITY: usize = 256;

/// One server-sent event, ready to write.
#[derive(Clone, Debug)]
pub struct LiveEvent {
    /// `sensor` or `district`.
    pub name: &'static str,
    /// The sensor it is about (`None` for the district), for `?sensor=` filters.
    pub sensor: Option<SensorId>,
    /// The JSON text of `data:`.
    pub data: Arc<str>,
}

/// Streams open at once: half of the default 2,048 connections, so pages always keep the other
/// half however many streams are asked for.
pub const MAX_STREAMS: usize = 1024;
/// Streams one address may hold open (a resident's tabs, a household behind one router). Loopback
/// peers are not capped per address: they are this machine (a local proxy not declared with
/// `DONGNE_TRUST_FORWARDED`, behind which every visitor is one address; the benchmarks).
pub const STREAMS_PER_ADDRESS: usize = 16;

pub struct Hub {
    sender: broadcast::Sender<LiveEvent>,
    dirty: Mutex<BTreeSet<SensorId>>,
    wake: Notify,
    streams: Arc<Semaphore>,
    streams_per_address: Arc<KeyedSlots<IpAddr>>,
}

impl Hub {
    pub fn new() -> Hub {
        let (sender, _) = broadcast::channel(CHANNEL_CAPACITY);
        Hub {
            sender,
            dirty: Mutex::new(BTreeSet::new()),
            wake: Notify::new(),
            streams: Arc::new(Semaphore::new(MAX_STREAMS)),
            streams_per_address: KeyedSlots::new(STREAMS_PER_ADDRESS),
        }
    }

    /// A place for one more stream from `address`: 429 when the address holds its share, 503 when
    /// every stream place is taken. The places are given back when the stream ends.
    fn admit(&self, address: Option<IpAddr>) -> Result<(OwnedSemaphorePermit, Option<Slot<IpAddr>>), AppError> {
        let share = match address.filter(|ip| !ip.is_loopback()) {
            Some(ip) => Some(self.streams_per_address.try_take(ip).ok_or(AppError::TooManyRequests { retry_after_secs: 30 })?),
            None => None,
        };
        let place = self.streams.clone().try_acquire_owned().map_err(|_| AppError::Unavailable)?;
        Ok((place, share))
    }

    /// Starts the one task that turns stored readings into events (needs a Tokio runtime). It
    /// holds the hub weakly: when the application is dropped, the task ends.
    pub fn start(self: &Arc<Self>, data: Arc<SqliteAir>) {
        let hub = Arc::downgrade(self);
        tokio::spawn(run(hub, data));
    }

    /// Ingestion committed new readings for `sensor` (called after the commit, never before).
    pub fn readings_stored(&self, sensor: &domain::air::SensorId) {
        if let Ok(mut dirty) = self.dirty.lock() {
            dirty.insert(sensor.clone());
        }
        self.wake.notify_one();
    }

    /// A new listener: it gets every event sent from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.sender.subscribe()
    }
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}

async fn run(hub: Weak<Hub>, data: Arc<SqliteAir>) {
    loop {
        // wait without keeping the hub alive
        let notified = {
            let Some(hub) = hub.upgrade() else { return };
            let wake = async move { hub.wake.notified().await };
            tokio::time::timeout(Duration::from_secs(60), wake).await
        };
        if notified.is_err() {
            continue;
        }
        tokio::time::sleep(DEBOUNCE).await;
        let Some(hub) = hub.upgrade() else { return };
        let changed = std::mem::take(&mut *hub.dirty.lock().unwrap_or_else(|p| p.into_inner()));
        data.invalidate();
        if changed.is_empty() || hub.sender.receiver_count() == 0 {
            continue;
        }
        let snapshot = match data.snapshot().await {
            Ok(s) => s,
            Err(_) => continue, // logged where it failed; the next readings try again
        };
        for event in events_for(&snapshot, |id| changed.contains(id)) {
            let _ = hub.sender.send(event);
        }
    }
}

/// The events that bring a listener up to date: one per sensor `wanted` picks, then the district.
pub fn events_for(snapshot: &Snapshot, wanted: impl Fn(&SensorId) -> bool) -> Vec<LiveEvent> {
    let mut events: Vec<LiveEvent> = snapshot
        .now
        .sensors
        .iter()
        .filter(|s| wanted(&s.sensor.id))
        .map(|s| LiveEvent { name: "sensor", sensor: Some(s.sensor.id.clone()), data: sensor_json(snapshot, s).to_string().into() })
        .collect();
    events.push(LiveEvent { name: "district", sensor: None, data: district_json(snapshot).to_string().into() });
    events
}

/// `event: sensor`: what the map marker, the table row and the sensor page show of one sensor.
pub fn sensor_json(snapshot: &Snapshot, s: &SensorNow) -> Value {
    let (mut factors, mut flags) = (Map::new(), Map::new());
    if let Some(list) = snapshot.factors.get(&s.sensor.id) {
        for f in list {
            factors.insert(f.measure.slug().into(), Value::String(f.measure.format(f.value)));
            // which flag, per factor: the sensor page says "stuck" or "out of range" beside the value
            let why: Vec<&str> = [(f.stuck, "stuck"), (f.invalid, "invalid")].into_iter().filter(|(on, _)| *on).map(|(_, w)| w).collect();
            if !why.is_empty() {
                flags.insert(f.measure.slug().into(), json!(why));
            }
        }
    }
    let slugs = |list: &[Measure]| list.iter().map(|m| m.slug()).collect::<Vec<_>>();
    json!({
        "id": s.sensor.id,
        "at": s.last_reading.map(|t| t.to_string()),
        "offline": s.offline,
        "grade": s.cai.as_ref().map(|c| c.grade.slug()),
        "cai": s.cai.as_ref().map(|c| c.index),
        "decided_by": s.cai.as_ref().map(|c| c.decided_by.measure().slug()),
        "pm10": s.pm10,
        "pm25": s.pm25,
        "factors": factors,
        "flagged": slugs(&s.flagged),
        "flags": flags,
    })
}

/// `event: district`: the district's grade over its online sensors.
pub fn district_json(snapshot: &Snapshot) -> Value {
    let now = &snapshot.now;
    let d = now.district.as_ref();
    json!({
        "at": now.at.to_string(),
        "grade": d.map(|c| c.grade.slug()),
        "cai": d.map(|c| c.index),
        "decided_by": d.map(|c| c.decided_by.measure().slug()),
        "online": now.sensors.iter().filter(|s| !s.offline).count(),
        "sensors": now.sensors.len(),
        "simulated": now.simulated,
    })
}

/// How often an idle stream gets a comment line: well inside the connection's 30 s idle limit
/// (`serve`), and what keeps proxies from closing it.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// One listener's state: events waiting to be written, the channel, its filter, and the stream
/// places it holds until it ends.
struct Listener {
    pending: VecDeque<LiveEvent>,
    receiver: broadcast::Receiver<LiveEvent>,
    only: Option<SensorId>,
    data: Arc<SqliteAir>,
    _places: (OwnedSemaphorePermit, Option<Slot<IpAddr>>),
}

impl Listener {
    fn wants(&self, event: &LiveEvent) -> bool {
        match (&self.only, &event.sensor) {
            (Some(only), Some(sensor)) => only == sensor,
            _ => true,
        }
    }

    /// Everything the listener should be told now: the whole current state of what it follows.
    async fn catch_up(&mut self) {
        if let Ok(snapshot) = self.data.snapshot().await {
            let only = self.only.clone();
            self.pending.extend(events_for(&snapshot, |id| only.as_ref().is_none_or(|o| o == id)));
        }
    }

    async fn next(mut self) -> Option<(Result<Event, Infallible>, Listener)> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                let event = Event::default().event(e.name).data(&*e.data);
                return Some((Ok(event), self));
            }
            match self.receiver.recv().await {
                Ok(e) if self.wants(&e) => self.pending.push_back(e),
                Ok(_) => {}
                // fell behind: skip what was missed and send the current state instead
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    self.receiver = self.receiver.resubscribe();
                    self.catch_up().await;
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}

/// `GET /api/v1/air/stream[?sensor=DB-001]`: server-sent events. First the current state (one
/// `sensor` event per sensor followed, then `district`), then every change as it is stored. At most
/// `STREAMS_PER_ADDRESS` from one address (429) and `MAX_STREAMS` in all (503).
pub async fn stream(State(state): State<AppState>, RawQuery(raw): RawQuery, request: axum::extract::Request) -> Response {
    let only = match stream_filter(raw.as_deref().unwrap_or("")) {
        Ok(only) => only,
        Err(e) => return ApiError(e).into_response(),
    };
    let places = match state.air.hub.admit(state.edges.client_ip(&request)) {
        Ok(places) => places,
        Err(e) => return ApiError(e).into_response(),
    };
    drop(request);
    // subscribe before reading the state, so nothing stored in between is missed
    let receiver = state.air.hub.subscribe();
    let data = state.air.data.clone();
    let mut listener = Listener { pending: VecDeque::new(), receiver, only, data, _places: places };
    listener.catch_up().await;
    if let Some(only) = &listener.only {
        // the district event is always there; a sensor event only for a registered sensor
        if !listener.pending.iter().any(|e| e.sensor.as_ref() == Some(only)) {
            return ApiError(AppError::NotFound).into_response();
        }
    }
    let events = futures_util::stream::unfold(listener, Listener::next);
    let mut response = Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)).into_response();
    let headers = response.headers_mut();
    // live, and the same for everyone: nothing may keep it
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // a proxy (nginx) would otherwise hold events back to fill its buffer
    headers.insert(HeaderName::from_static("x-accel-buffering"), HeaderValue::from_static("no"));
    response
}

/// `?sensor=` (optional, once, a sensor id); nothing else.
fn stream_filter(raw: &str) -> Result<Option<SensorId>, AppError> {
    let mut only = None;
    for (name, value) in domain::courses::url_pairs(raw) {
        if name != "sensor" {
            let shown: String = name.chars().take(40).collect();
            return Err(AppError::bad_request(format!("알 수 없는 항목입니다: {shown}"), format!("Unknown parameter: {shown}")));
        }
        let Some(id) = SensorId::parse(&value) else {
            return Err(AppError::bad_request("측정기 번호는 DB-001 형식입니다.", "A sensor id looks like DB-001."));
        };
        if only.replace(id).is_some() {
            return Err(AppError::bad_request("sensor를 한 번만 주세요.", "Give sensor once."));
        }
    }
    Ok(only)
}
