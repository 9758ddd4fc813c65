//! Car share on the server: the district's electric official cars and shared office parking in
//! the hours officials do not use them, and shared e-bike docks with their simulated feed and
//! holds (`bikes`). `SqliteCarShare` implements the domain's `CarShare` port
//! over the tables of `0010_carshare.sql` (`store`), the demo set is written on first start
//! (`seed`), residents are told in their messages when staff cancel a trip (`notices`), and the
//! public JSON API shows cars, spaces and their free windows (`api`).

pub mod api;
pub mod bikes;
pub mod licence_key;
mod disputes;
mod notices;
pub mod seed;
pub mod store;

use domain::accounts::AccountId;
use domain::carshare::*;
use domain::courses::{BoxFuture, StorageUnavailable};
use domain::seats::BookingRef;
use domain::SeoulTime;
use leptos::prelude::provide_context;
use sqlx::{SqliteConnection, SqlitePool};
use std::future::Future;
use std::sync::Arc;
use store::{Done, Fail};

/// The car share as the server holds it.
#[derive(Clone)]
pub struct Carshare {
    pub store: Arc<SqliteCarShare>,
}

/// Writes the demo cars and spaces on first start (and a few official trips after `now`); reads
/// (or makes) the licence key and re-keys licences stored before it (`licence_key`).
pub async fn load(pool: &SqlitePool, now: SeoulTime) -> anyhow::Result<Carshare> {
    let mut tx = crate::db::begin_write(pool).await?;
    let added = store::insert_missing(&mut tx, &seed::demo_resources()).await?;
    tx.commit().await?;
    let licence_key = licence_key::load(pool)?;
    let rekeyed = licence_key::rekey_legacy(pool, &licence_key).await?;
    if rekeyed > 0 {
        tracing::info!(rekeyed, "licence fingerprints stored before the key were re-keyed");
    }
    let store = Arc::new(SqliteCarShare::new(pool.clone(), licence_key));
    if added > 0 {
        for trip in seed::demo_official_trips(now) {
            if let Err(e) = store.add_official(trip, now).await {
                tracing::warn!(error = ?e, "a demo official trip was not added");
            }
        }
    }
    tracing::info!(added, "car share resources ensured");
    Ok(Carshare { store })
}

impl Carshare {
    pub fn provide(&self) {
        provide_context::<Arc<dyn CarShare>>(self.store.clone());
    }
}

pub fn routes() -> axum::Router<crate::AppState> {
    api::routes()
}

/// The car share's storage over the server's pool (see `db::connect`: WAL, a 5 s busy timeout).
pub struct SqliteCarShare {
    pool: SqlitePool,
    /// Licence numbers are stored as fingerprints keyed with it (`licence_key`).
    licence_key: LicenceKey,
    /// Every write goes through group commit: one `BEGIN IMMEDIATE` transaction and one flush for
    /// every write waiting at that moment, each in its own savepoint.
    writer: crate::group_commit::GroupCommit,
}

/// One write: given the transaction's connection, it checks and writes (or refuses, and its
/// savepoint is rolled back).
type WriteJob<T> = Box<dyn for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, Done<T>> + Send>;

impl SqliteCarShare {
    /// Needs a Tokio runtime: it starts the group-commit writer.
    pub fn new(pool: SqlitePool, licence_key: LicenceKey) -> SqliteCarShare {
        SqliteCarShare { writer: crate::group_commit::GroupCommit::start(pool.clone()), pool, licence_key }
    }

    /// Runs `job()` in the writer's next batch, again if SQLite was busy (`db::retry_while_busy`),
    /// and turns its failure into the port's.
    async fn write<T: Send + 'static>(&self, what: &'static str, job: impl Fn() -> WriteJob<T>) -> CarResult<T> {
        let attempt = || async {
            match self.writer.write(job()).await {
                Ok(done) => done,
                Err(failed) => Err(Fail::Db(sqlx::Error::Protocol(failed.to_string()))),
            }
        };
        crate::db::retry_while_busy(what, Fail::is_busy, attempt).await.map_err(|fail| fail.into_failure(what))
    }

    async fn read<T, F, Fut>(&self, what: &'static str, op: F) -> Result<T, StorageUnavailable>
    where
        F: FnOnce(sqlx::pool::PoolConnection<sqlx::Sqlite>) -> Fut,
        Fut: Future<Output = sqlx::Result<T>>,
    {
        let conn = self.pool.acquire().await.map_err(|e| read_failed(what, e))?;
        op(conn).await.map_err(|e| read_failed(what, e))
    }
}

fn read_failed(what: &str, e: sqlx::Error) -> StorageUnavailable {
    tracing::error!(error = %e, operation = what, "car share storage failed");
    StorageUnavailable
}

impl CarShare for SqliteCarShare {
    fn resources(&self, kind: ResourceKind) -> BoxFuture<'_, Result<Vec<Resource>, StorageUnavailable>> {
        Box::pin(self.read("resources", move |mut c| async move { store::resources(&mut c, kind).await }))
    }

    fn uses(&self, kind: ResourceKind, resource: u32, from: SeoulTime, to: SeoulTime) -> BoxFuture<'_, Result<Vec<Use>, StorageUnavailable>> {
        Box::pin(self.read("uses", move |mut c| async move { store::stored_uses(&mut c, kind, resource, from, to, None).await }))
    }

    fn licence_of(&self, account: AccountId) -> BoxFuture<'_, Result<Option<Licence>, StorageUnavailable>> {
        Box::pin(self.read("licence_of", move |mut c| async move { store::licence_of(&mut c, account).await }))
    }

    fn save_licence(&self, account: AccountId, licence: Licence, digits: String, now: SeoulTime) -> BoxFuture<'_, CarResult<Licence>> {
        let fingerprint = self.licence_key.fingerprint(&digits);
        Box::pin(async move {
            let saved = self
                .write("save_licence", || {
                    let (licence, fingerprint) = (licence.clone(), fingerprint.clone());
                    Box::new(move |c| Box::pin(async move { store::save_licence(c, account, &licence, &fingerprint, now).await }))
                })
                .await;
            if let Err(CarFailure::Refused(CarError::LicenceElsewhere)) = &saved {
                // the refusal's savepoint is gone: the claim is written on its own
                let filed = self
                    .write("file_licence_dispute", || {
                        let (licence, fingerprint) = (licence.clone(), fingerprint.clone());
                        Box::new(move |c| Box::pin(async move { disputes::file(c, account, &licence, &fingerprint, now).await }))
                    })
                    .await;
                if let Err(e) = filed {
                    tracing::warn!(error = ?e, "a licence claim was not filed");
                }
            }
            saved
        })
    }

    fn licence_disputes(&self) -> BoxFuture<'_, Result<Vec<LicenceDispute>, StorageUnavailable>> {
        Box::pin(self.read("licence_disputes", move |mut c| async move { disputes::open(&mut c).await }))
    }

    fn resolve_dispute(&self, id: i64, move_it: bool, now: SeoulTime) -> BoxFuture<'_, CarResult<()>> {
        Box::pin(self.write("resolve_licence_dispute", move || Box::new(move |c| Box::pin(async move { disputes::resolve(c, id, move_it, now).await }))))
    }

    fn book(&self, req: TripRequest, now: SeoulTime) -> BoxFuture<'_, CarResult<Trip>> {
        Box::pin(self.write("book", move || {
            let req = req.clone();
            Box::new(move |c| Box::pin(async move { store::book(c, &req, now).await }))
        }))
    }

    fn cancel(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, CarResult<Trip>> {
        Box::pin(self.write("cancel", move || {
            let reference = reference.clone();
            Box::new(move |c| Box::pin(async move { store::cancel(c, account, &reference, now).await }))
        }))
    }

    fn extend(&self, account: AccountId, reference: BookingRef, end: SeoulTime, now: SeoulTime) -> BoxFuture<'_, CarResult<Trip>> {
        Box::pin(self.write("extend", move || {
            let reference = reference.clone();
            Box::new(move |c| Box::pin(async move { store::extend(c, account, &reference, end, now).await }))
        }))
    }

    fn return_early(&self, account: AccountId, reference: BookingRef, now: SeoulTime) -> BoxFuture<'_, CarResult<Trip>> {
        Box::pin(self.write("return_early", move || {
            let reference = reference.clone();
            Box::new(move |c| Box::pin(async move { store::return_early(c, account, &reference, now).await }))
        }))
    }

    fn trips_of(&self, account: AccountId) -> BoxFuture<'_, Result<Vec<Trip>, StorageUnavailable>> {
        Box::pin(self.read("trips_of", move |mut c| async move { store::trips_of(&mut c, account).await }))
    }

    fn official_trips(&self, kind: ResourceKind, from: SeoulTime, to: SeoulTime) -> BoxFuture<'_, Result<Vec<OfficialTrip>, StorageUnavailable>> {
        Box::pin(self.read("official_trips", move |mut c| async move { store::official_trips(&mut c, kind, from, to).await }))
    }

    fn add_official(&self, req: OfficialRequest, now: SeoulTime) -> BoxFuture<'_, CarResult<OfficialAdded>> {
        Box::pin(self.write("add_official", move || {
            let req = req.clone();
            Box::new(move |c| Box::pin(async move { store::add_official(c, &req, now).await }))
        }))
    }

    fn remove_official(&self, id: i64) -> BoxFuture<'_, CarResult<()>> {
        Box::pin(self.write("remove_official", move || Box::new(move |c| Box::pin(async move { store::remove_official(c, id).await }))))
    }
}
