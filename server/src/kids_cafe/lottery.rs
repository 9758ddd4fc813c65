//! The fair opening by lottery on SQLite: branches' opening modes, a round per lottery branch per
//! week (its seed drawn and committed to ahead of the window, the commitment shown from the
//! opening), its sessions held closed to first come from before the opening until the draw has
//! seated everyone (`hold`, `release`), applications on the booking rules, the draw (a chore,
//! every minute), what is published, and the JSON twin `GET /api/v1/kids-cafe/lottery?branch=&week=`.
//! Winners are booked through the seat engine, so capacity holds whatever else happens.

use crate::seats::{parse_time, time_text};
use crate::AppState;
use app::kids_cafe::lottery::{LotteryOdds, OpeningMode, PublishedApplication, Round, RoundView, SessionDraw};
use app::AppError;
use domain::accounts::{AccountId, ChildId};
use domain::kids_cafe::{Branch, KidsCafeError, Week};
use domain::seats::*;
use domain::{IsoDate, Lang, SeoulTime};
use sqlx::{Row, SqlitePool};
use std::collections::HashMap;
use std::sync::Arc;


/// The lottery's port for the pages (`app::kids_cafe::lottery::ssr::LotteryDesk`).
#[derive(Clone)]
pub struct SqliteLottery(pub SqlitePool);

fn shown(t: SeoulTime) -> String {
    format!("{} {}", t.date(), t.clock_text())
}

fn db_down(e: sqlx::Error) -> AppError {
    tracing::error!(error = %e, "lottery storage failed");
    AppError::Unavailable
}

/// The opening and the draw of `week`'s round: next week's booking time, and 24 hours later.
pub fn window_of(week: Week) -> (SeoulTime, SeoulTime) {
    domain::kids_cafe::lottery_window(week.monday())
}

/// The weeks whose round is made at `now`: the one taking applications, and the one whose window
/// opens next. The coming round is made ahead, so its sessions are held back from first come
/// before 09:00 Tuesday arrives, not up to a chore's minute after it.
fn weeks_to_prepare(now: SeoulTime) -> Vec<Week> {
    let next = Week::containing(now.date()).next();
    [next, next.next()].into_iter().filter(|w| now < window_of(*w).1).collect()
}

pub async fn mode_of(pool: &SqlitePool, branch: Branch) -> sqlx::Result<OpeningMode> {
    let mode: Option<String> = sqlx::query_scalar("SELECT mode FROM branch_opening WHERE branch = ?").bind(branch.slug()).fetch_optional(pool).await?;
    Ok(mode.as_deref().and_then(OpeningMode::parse).unwrap_or(OpeningMode::FirstCome))
}

/// Stores a branch's mode and makes (or takes back) its rounds at once, so the switch is never a
/// minute late. A round already open stays (its commitment is public) and is drawn whatever the
/// mode becomes; one not open yet goes with the switch to first come.
pub async fn set_mode(pool: &SqlitePool, branch: Branch, mode: OpeningMode, now: SeoulTime) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO branch_opening (branch, mode) VALUES (?, ?) ON CONFLICT (branch) DO UPDATE SET mode = excluded.mode")
        .bind(branch.slug())
        .bind(mode.slug())
        .execute(pool)
        .await?;
    ensure_rounds(pool, now).await.map(|_| ())
}

/// Makes the round of every lottery branch for the week taking applications and the coming one
/// (a fresh random seed and its commitment, shown from `opens_at`), and holds their sessions back
/// from first come until the draw releases them. Run on a mode switch, by the chore every minute
/// and after the hourly calendar, so sessions created later are held too. Returns rounds made.
pub async fn ensure_rounds(pool: &SqlitePool, now: SeoulTime) -> sqlx::Result<u64> {
    let mut made = 0;
    for branch in Branch::ALL {
        let lottery = mode_of(pool, branch).await? == OpeningMode::Lottery;
        for week in weeks_to_prepare(now) {
            let (opens, draws) = window_of(week);
            let mut tx = crate::db::begin_write(pool).await?;
            if lottery {
                // 32 bytes from the operating system's CSPRNG (rand's thread generator is seeded from it)
                let seed = Seed(rand::random::<[u8; 32]>());
                made += sqlx::query("INSERT OR IGNORE INTO lottery_rounds (branch, week_start, seed_hex, commitment, opens_at, draws_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(branch.slug()).bind(week.monday().to_string()).bind(seed.to_hex()).bind(seed.commitment())
                    .bind(time_text(opens)).bind(time_text(draws))
                    .execute(&mut *tx).await?.rows_affected();
            } else if opens > now {
                // switched back before the window opened: nobody applied or saw the commitment yet
                let dropped = sqlx::query("DELETE FROM lottery_rounds WHERE branch = ? AND week_start = ? AND drawn_at IS NULL \
                    AND NOT EXISTS (SELECT 1 FROM lottery_applications a WHERE a.round_id = lottery_rounds.id)")
                    .bind(branch.slug()).bind(week.monday().to_string()).execute(&mut *tx).await?.rows_affected();
                if dropped > 0 {
                    sqlx::query("UPDATE seat_sessions SET opens_at = ? WHERE kind = 'kids_cafe' AND resource = ? \
                                 AND substr(starts_at, 1, 10) >= ? AND substr(starts_at, 1, 10) < ?")
                        .bind(time_text(opens)).bind(branch.slug()).bind(week.monday().to_string()).bind(week.end().to_string())
                        .execute(&mut *tx).await?;
                }
            }
            hold(&mut tx, branch, week).await?;
            tx.commit().await?;
        }
    }
    Ok(made)
}

/// Holds the week's sessions of a branch whose round is not drawn yet closed to first come: their
/// `opens_at` goes to their own start, so no booking can slip in at the opening nor at `draws_at`
/// before the draw has seated its winners; `release` opens them when it has.
async fn hold(tx: &mut sqlx::SqliteConnection, branch: Branch, week: Week) -> sqlx::Result<()> {
    sqlx::query("UPDATE seat_sessions SET opens_at = starts_at WHERE kind = 'kids_cafe' AND resource = ? AND opens_at < starts_at \
                 AND substr(starts_at, 1, 10) >= ? AND substr(starts_at, 1, 10) < ? \
                 AND EXISTS (SELECT 1 FROM lottery_rounds r WHERE r.branch = ? AND r.week_start = ? AND r.drawn_at IS NULL)")
        .bind(branch.slug()).bind(week.monday().to_string()).bind(week.end().to_string())
        .bind(branch.slug()).bind(week.monday().to_string())
        .execute(tx).await?;
    Ok(())
}

/// After the draw has seated its winners and placed the others: the round is drawn (its seed
/// public) and the seats left open to first come from `now`, in one transaction.
pub async fn release(pool: &SqlitePool, round: i64, branch: &str, week_start: &str, now: SeoulTime) -> sqlx::Result<()> {
    let week = IsoDate::parse(week_start).map(Week::containing)
        .ok_or_else(|| sqlx::Error::Decode(format!("week {week_start:?}").into()))?;
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query("UPDATE seat_sessions SET opens_at = ? WHERE kind = 'kids_cafe' AND resource = ? AND opens_at > ? \
                 AND substr(starts_at, 1, 10) >= ? AND substr(starts_at, 1, 10) < ?")
        .bind(time_text(now)).bind(branch).bind(time_text(now)).bind(week.monday().to_string()).bind(week.end().to_string())
        .execute(&mut *tx).await?;
    sqlx::query("UPDATE lottery_rounds SET drawn_at = ? WHERE id = ?").bind(time_text(now)).bind(round).execute(&mut *tx).await?;
    tx.commit().await
}

fn refused(ko: &str, en: &str) -> AppError {
    AppError::conflict(ko, en)
}

/// The session's row as the seat engine reads it, for its rules.
async fn session_seats(conn: &mut sqlx::SqliteConnection, id: SessionId) -> sqlx::Result<Option<SessionSeats>> {
    let row = sqlx::query("SELECT kind, resource, starts_at, ends_at, opens_at, capacity, taken, closed FROM seat_sessions WHERE id = ?")
        .bind(id.get())
        .fetch_optional(conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let time = |c: &str| -> sqlx::Result<SeoulTime> {
        let raw: String = row.try_get(c)?;
        parse_time(&raw).ok_or_else(|| sqlx::Error::Decode(format!("{c} {raw:?}").into()))
    };
    let kind: String = row.try_get("kind")?;
    Ok(Some(SessionSeats {
        id,
        kind: Kind::parse(&kind).ok_or_else(|| sqlx::Error::Decode(format!("kind {kind:?}").into()))?,
        resource: row.try_get("resource")?,
        starts_at: time("starts_at")?,
        ends_at: time("ends_at")?,
        opens_at: time("opens_at")?,
        capacity: row.try_get::<i64, _>("capacity")? as u32,
        taken: row.try_get::<i64, _>("taken")? as u32,
        closed: row.try_get("closed")?,
    }))
}

/// An application, on the booking's rules (the guardian's own child, age, no-show block, not
/// already seated) plus one application per child per day, inside the window. The declared
/// basic-livelihood waiver is stored with it, for the booking the draw makes.
pub async fn apply(pool: &SqlitePool, account: AccountId, child: ChildId, id: SessionId, fee_waived: bool, now: SeoulTime) -> Result<(i64, Branch, Week), AppError> {
    let mut tx = crate::db::begin_write(pool).await.map_err(db_down)?;
    let session = session_seats(&mut tx, id).await.map_err(db_down)?.ok_or(SeatFailure::Refused(SeatError::NoSuchSession))?;
    let branch = Branch::parse(&session.resource).filter(|_| session.kind == Kind::KidsCafe)
        .ok_or_else(|| refused("추첨하는 회차가 아닙니다.", "This session is not drawn by lottery."))?;
    let week = Week::containing(session.starts_at.date());
    let round: Option<(i64, String, String)> = sqlx::query_as("SELECT id, opens_at, draws_at FROM lottery_rounds WHERE branch = ? AND week_start = ?")
        .bind(branch.slug()).bind(week.monday().to_string()).fetch_optional(&mut *tx).await.map_err(db_down)?;
    let Some((round, opens, draws)) = round else { return Err(refused("추첨하는 회차가 아닙니다.", "This session is not drawn by lottery.")) };
    if now < parse_time(&opens).unwrap_or(now) || now >= parse_time(&draws).unwrap_or(now) {
        let (o, d) = (opens.replace('T', " ").get(..16).unwrap_or_default().to_string(), draws.replace('T', " ").get(..16).unwrap_or_default().to_string());
        return Err(refused(&format!("추첨 신청은 {o}부터 {d}까지 받습니다."), &format!("Applications are taken from {o} until {d}.")));
    }
    if session.closed {
        return Err(SeatFailure::Refused(SeatError::SessionClosed).into());
    }
    let holder = Holder::Child(child);
    crate::seats::store::holder_rules(&mut tx, account, holder, &session, now).await.map_err(|f| f.into_failure("apply_lottery"))?;
    let same_day: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lottery_applications a JOIN seat_sessions s ON s.id = a.session_id \
        WHERE a.holder = ? AND substr(s.starts_at, 1, 10) = ?")
        .bind(holder.to_string()).bind(session.starts_at.date().to_string()).fetch_one(&mut *tx).await.map_err(db_down)?;
    if same_day > 0 {
        return Err(SeatFailure::Refused(SeatError::KidsCafe(KidsCafeError::AlreadyThatDay)).into());
    }
    let inserted = sqlx::query("INSERT INTO lottery_applications (round_id, session_id, account_id, child_id, holder, applied_at, fee_waived) \
                                   VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(round).bind(id.get()).bind(account.0).bind(child.get()).bind(holder.to_string()).bind(time_text(now)).bind(fee_waived)
        .execute(&mut *tx).await.map_err(db_down)?;
    tx.commit().await.map_err(db_down)?;
    Ok((inserted.last_insert_rowid(), branch, week))
}

/// What the page and the JSON twin publish of a branch's week.
pub async fn round_view(pool: &SqlitePool, branch: Branch, week: Week, now: SeoulTime) -> sqlx::Result<RoundView> {
    let mode = mode_of(pool, branch).await?;
    let found: Option<(i64, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT id, commitment, seed_hex, opens_at, draws_at, drawn_at FROM lottery_rounds WHERE branch = ? AND week_start = ?")
        .bind(branch.slug()).bind(week.monday().to_string()).fetch_optional(pool).await?;
    let mut open_for_applications = Vec::new();
    let round = match found {
        Some((id, commitment, seed, opens, draws, drawn)) if parse_time(&opens).is_some_and(|o| o <= now) => {
            if parse_time(&draws).is_some_and(|d| now < d) {
                open_for_applications = week_sessions(pool, branch, week).await?;
            }
            let drawn_at = drawn.as_deref().and_then(parse_time);
            let at = |s: &str| parse_time(s).map(shown).unwrap_or_default();
            Some(Round { opens_at: at(&opens), draws_at: at(&draws), commitment, seed: drawn_at.map(|_| seed),
                drawn_at: drawn_at.map(shown), sessions: published_sessions(pool, id).await? })
        }
        _ => None,
    };
    Ok(RoundView { branch, week, mode, round, open_for_applications })
}

/// The branch's sessions of the week still running, for the application form.
async fn week_sessions(pool: &SqlitePool, branch: Branch, week: Week) -> sqlx::Result<Vec<(i64, String)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, starts_at FROM seat_sessions WHERE kind = 'kids_cafe' AND resource = ? \
        AND closed = 0 AND substr(starts_at, 1, 10) >= ? AND substr(starts_at, 1, 10) < ? ORDER BY starts_at")
        .bind(branch.slug()).bind(week.monday().to_string()).bind(week.end().to_string()).fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(id, starts)| (id, parse_time(&starts).map(shown).unwrap_or(starts))).collect())
}

/// The round's applications per session in draw order of sessions (start, then id); households
/// numbered in order of their first application, so no account id leaves the server.
async fn published_sessions(pool: &SqlitePool, round: i64) -> sqlx::Result<Vec<SessionDraw>> {
    let rows = sqlx::query(
        "SELECT a.id, a.session_id, a.account_id, a.outcome, a.draw_position, a.prior_wins, s.starts_at, d.seats \
         FROM lottery_applications a JOIN seat_sessions s ON s.id = a.session_id \
         LEFT JOIN lottery_draws d ON d.round_id = a.round_id AND d.session_id = a.session_id \
         WHERE a.round_id = ? ORDER BY s.starts_at, s.id, a.id")
        .bind(round).fetch_all(pool).await?;
    let mut households: HashMap<i64, i64> = HashMap::new();
    let mut first_ids: Vec<(i64, i64)> = rows.iter().map(|r| (r.get::<i64, _>("account_id"), r.get::<i64, _>("id"))).collect();
    first_ids.sort_by_key(|(_, id)| *id);
    for (account, _) in first_ids {
        let next = households.len() as i64 + 1;
        households.entry(account).or_insert(next);
    }
    let mut sessions: Vec<SessionDraw> = Vec::new();
    let mut placed: Vec<(i64, String, i64)> = Vec::new(); // (position, outcome, id) of the session being read
    for r in &rows {
        let session: i64 = r.get("session_id");
        if sessions.last().is_none_or(|s| s.session != session) {
            finish(sessions.last_mut(), &mut placed);
            let starts: String = r.get("starts_at");
            sessions.push(SessionDraw { session, starts_at: parse_time(&starts).map(shown).unwrap_or_default(), applications: Vec::new(),
                seats: r.get::<Option<i64>, _>("seats").map(|s| s as u32), winners: Vec::new(), waitlist: Vec::new() });
        }
        let id: i64 = r.get("id");
        let current = sessions.last_mut().expect("pushed above");
        current.applications.push(PublishedApplication { id, household: households[&r.get::<i64, _>("account_id")],
            prior_wins: r.get::<Option<i64>, _>("prior_wins").unwrap_or(0) as u32 });
        if let (Some(outcome), Some(position)) = (r.get::<Option<String>, _>("outcome"), r.get::<Option<i64>, _>("draw_position")) {
            placed.push((position, outcome, id));
        }
    }
    finish(sessions.last_mut(), &mut placed);
    Ok(sessions)
}

/// Puts a session's outcomes into winners and waitlist, each in draw order.
fn finish(session: Option<&mut SessionDraw>, placed: &mut Vec<(i64, String, i64)>) {
    if let Some(s) = session {
        placed.sort();
        s.winners = placed.iter().filter(|p| p.1 == "won").map(|p| p.2).collect();
        s.waitlist = placed.iter().filter(|p| p.1 != "won").map(|p| p.2).collect();
    }
    placed.clear();
}

/// Every drawn round's figures.
pub async fn odds(pool: &SqlitePool) -> sqlx::Result<Vec<LotteryOdds>> {
    let rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(
        "SELECT r.branch, r.week_start, \
           (SELECT COUNT(*) FROM lottery_applications a WHERE a.round_id = r.id), \
           (SELECT COALESCE(SUM(d.seats), 0) FROM lottery_draws d WHERE d.round_id = r.id), \
           (SELECT COUNT(*) FROM lottery_applications a WHERE a.round_id = r.id AND a.outcome = 'won') \
         FROM lottery_rounds r WHERE r.drawn_at IS NOT NULL ORDER BY r.week_start, r.branch")
        .fetch_all(pool).await?;
    Ok(rows.into_iter().filter_map(|(branch, week, applications, seats, winners)| Some(LotteryOdds {
        branch, week_start: IsoDate::parse(&week)?, applications: applications as u32, seats: seats as u32, winners: winners as u32,
    })).collect())
}

impl app::kids_cafe::lottery::ssr::LotteryDesk for SqliteLottery {
    fn apply(&self, account: AccountId, child: ChildId, session: SessionId, fee_waived: bool, now: SeoulTime)
        -> domain::courses::BoxFuture<'_, Result<(i64, Branch, Week), AppError>> {
        Box::pin(apply(&self.0, account, child, session, fee_waived, now))
    }

    fn round(&self, branch: Branch, week: Week, now: SeoulTime) -> domain::courses::BoxFuture<'_, Result<RoundView, AppError>> {
        Box::pin(async move { round_view(&self.0, branch, week, now).await.map_err(db_down) })
    }

    fn odds(&self) -> domain::courses::BoxFuture<'_, Result<Vec<LotteryOdds>, AppError>> {
        Box::pin(async move { odds(&self.0).await.map_err(db_down) })
    }
}

/// `GET /api/v1/kids-cafe/lottery?branch=&week=` (week: any day of it; next week when absent).
pub async fn lottery_json(axum::extract::State(state): axum::extract::State<AppState>, axum::extract::RawQuery(raw): axum::extract::RawQuery)
    -> axum::response::Response {
    use axum::response::IntoResponse;
    let pairs = domain::courses::url_pairs(&raw.unwrap_or_default());
    let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    let now = state.clock.now();
    let Some(branch) = get("branch").as_deref().and_then(Branch::parse) else {
        return crate::error::ApiError(AppError::bad_request("지점을 읽을 수 없습니다.", "The branch cannot be read.")).into_response();
    };
    let week = match get("week").map(|w| Week::parse(&w)) {
        None => Week::containing(now.date()).next(),
        Some(Ok(w)) => w,
        Some(Err(e)) => return crate::error::ApiError(AppError::bad_request(e.message(Lang::Ko), e.message(Lang::En))).into_response(),
    };
    match round_view(&state.pool, branch, week, now).await {
        Ok(view) => axum::Json(view).into_response(),
        Err(e) => crate::error::ApiError(db_down(e)).into_response(),
    }
}

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route("/api/v1/kids-cafe/lottery", axum::routing::get(lottery_json))
}

/// The chore: every minute, open the rounds whose window began and draw those whose window ended.
pub fn start_chore(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut minute = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            minute.tick().await;
            let now = state.clock.now();
            if let Err(e) = ensure_rounds(&state.pool, now).await {
                tracing::warn!(error = %e, "opening lottery rounds failed");
            }
            if let Err(e) = super::lottery_draw::draw_due(&state.pool, state.seats.clone(), now).await {
                tracing::warn!(error = %e, "lottery draw failed");
            }
        }
    });
}

pub fn desk(pool: &SqlitePool) -> Arc<dyn app::kids_cafe::lottery::ssr::LotteryDesk> {
    Arc::new(SqliteLottery(pool.clone()))
}
