//! The lottery's draw: for each round whose window has ended, each session in a fixed order
//! (start, then id) is drawn with `domain::seats::draw` and the outcome stored in one transaction;
//! then winners are booked, seats the household cap left are booked for the others in draw order
//! (still under the cap), and the rest join the waitlist, all through the seat engine and
//! idempotently, so a draw interrupted half-way finishes the same on the next minute. Each resident
//! is told what actually happened to their application, once, after it happened. Only then are the
//! seed published and the sessions opened to first come (`lottery::release`).

use crate::seats::{time_text, SqliteSeats};
use domain::accounts::{AccountId, ChildId};
use domain::kids_cafe::{Branch, FEE_KRW};
use domain::seats::*;
use domain::{Lang, SeoulTime};
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::sync::Arc;

/// One application as the draw reads it.
#[derive(Clone, Copy)]
struct Entry {
    id: i64,
    session: i64,
    account: i64,
    child: i64,
    fee_waived: bool,
    told: bool,
}

/// What happened to an application, as its resident is told.
enum Told {
    /// Drawn and booked.
    Won,
    /// Drawn, but the seat engine refused the booking (why, in Korean and English).
    WonButRefused(String, String),
    /// Not drawn, but booked into a seat left after the draw, in draw order.
    Leftover,
    /// Not drawn; on the waiting list in draw order.
    Waiting,
    /// Not drawn; seats are left (so no waiting list) and they are open first come from now.
    OpenFirstCome,
    /// Not drawn, and neither booked nor put on the waiting list (why).
    NotPlaced(String, String),
}

/// Draws every round due at `now`; how many were drawn.
pub async fn draw_due(pool: &SqlitePool, seats: Arc<SqliteSeats>, now: SeoulTime) -> anyhow::Result<u32> {
    let due: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, branch, week_start, seed_hex FROM lottery_rounds WHERE drawn_at IS NULL AND draws_at <= ? ORDER BY draws_at, id")
            .bind(time_text(now))
            .fetch_all(pool)
            .await?;
    let mut drawn = 0;
    for (round, branch, week_start, seed_hex) in due {
        let seed = Seed::from_hex(&seed_hex).ok_or_else(|| anyhow::anyhow!("round {round}: stored seed is not 64 hex digits"))?;
        draw_round(pool, seats.as_ref(), round, &branch, &week_start, seed, now).await?;
        // only now, with everyone seated or placed, do the seats left go to first come
        super::lottery::release(pool, round, &branch, &week_start, now).await?;
        tracing::info!(round, branch, week_start, "lottery drawn");
        drawn += 1;
    }
    Ok(drawn)
}

async fn draw_round(pool: &SqlitePool, seats: &SqliteSeats, round: i64, branch: &str, week_start: &str, seed: Seed, now: SeoulTime) -> anyhow::Result<()> {
    let entries: Vec<Entry> = sqlx::query_as::<_, (i64, i64, i64, i64, bool, bool)>(
        "SELECT a.id, a.session_id, a.account_id, a.child_id, a.fee_waived, a.told_at IS NOT NULL \
         FROM lottery_applications a JOIN seat_sessions s ON s.id = a.session_id \
         WHERE a.round_id = ? ORDER BY s.starts_at, s.id, a.id")
        .bind(round)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(id, session, account, child, fee_waived, told)| Entry { id, session, account, child, fee_waived, told })
        .collect();
    // wins the household already has this week from other branches' rounds (the cap counts them)
    let prior: HashMap<i64, u32> = sqlx::query_as::<_, (i64, i64)>(
        "SELECT a.account_id, COUNT(*) FROM lottery_applications a JOIN lottery_rounds r ON r.id = a.round_id \
         WHERE r.week_start = ? AND r.id <> ? AND a.outcome = 'won' GROUP BY a.account_id")
        .bind(week_start)
        .bind(round)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(a, n)| (a, n as u32))
        .collect();
    let mut won_here: HashMap<i64, u32> = HashMap::new();
    // seats booked from those left after a draw: kept apart, as the published draw does not know them
    let mut leftovers: HashMap<i64, u32> = HashMap::new();
    let mut start = 0;
    while start < entries.len() {
        let session = entries[start].session;
        let end = start + entries[start..].iter().take_while(|e| e.session == session).count();
        let group = &entries[start..end];
        start = end;
        let outcome = draw_session(pool, seats, round, seed, group, &prior, &won_here).await?;
        for id in &outcome.winners {
            let account = group.iter().find(|e| e.id == *id).map_or(0, |e| e.account);
            *won_here.entry(account).or_default() += 1;
        }
        let wins = |h: i64| prior.get(&h).copied().unwrap_or(0) + won_here.get(&h).copied().unwrap_or(0);
        seat_the_outcome(pool, seats, branch, group, &outcome, &wins, &mut leftovers, now).await?;
    }
    Ok(())
}

/// Draws one session (or reads back the draw already stored for it) and stores the outcome in one
/// transaction; nobody is told yet, as nothing is booked yet.
async fn draw_session(pool: &SqlitePool, seats: &SqliteSeats, round: i64, seed: Seed, group: &[Entry],
    prior: &HashMap<i64, u32>, won_here: &HashMap<i64, u32>) -> anyhow::Result<Draw> {
    let session_id = SessionId::new(group[0].session).ok_or_else(|| anyhow::anyhow!("session id"))?;
    let stored: Option<i64> = sqlx::query_scalar("SELECT seats FROM lottery_draws WHERE round_id = ? AND session_id = ?")
        .bind(round).bind(session_id.get()).fetch_optional(pool).await?;
    let session = SeatBook::session(seats, session_id).await.map_err(|e| anyhow::anyhow!("{e}"))?
        .ok_or_else(|| anyhow::anyhow!("session {session_id} is gone"))?;
    // a draw interrupted after storing keeps the seats it was drawn for, so it comes out the same
    let left = stored.map_or(if session.closed { 0 } else { session.seats_left() }, |s| s as u32);
    let applications: Vec<Application> = group.iter().map(|e| Application { id: e.id, household: e.account }).collect();
    let wins = |h: i64| prior.get(&h).copied().unwrap_or(0) + won_here.get(&h).copied().unwrap_or(0);
    let outcome = draw(seed, &applications, left, wins);
    if stored.is_some() {
        return Ok(outcome);
    }
    let mut tx = crate::db::begin_write(pool).await?;
    sqlx::query("INSERT INTO lottery_draws (round_id, session_id, seats) VALUES (?, ?, ?)")
        .bind(round).bind(session_id.get()).bind(i64::from(left)).execute(&mut *tx).await?;
    let placed = outcome.winners.iter().map(|id| (*id, "won")).chain(outcome.waitlist.iter().map(|id| (*id, "waitlisted")));
    for (position, (id, result)) in placed.enumerate() {
        let account = group.iter().find(|e| e.id == id).map_or(0, |e| e.account);
        sqlx::query("UPDATE lottery_applications SET outcome = ?, draw_position = ?, prior_wins = ? WHERE id = ?")
            .bind(result).bind(position as i64 + 1).bind(i64::from(prior.get(&account).copied().unwrap_or(0))).bind(id)
            .execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// The engine could not answer: stop the draw (nothing told, nothing released) and retry next minute.
fn refusal(err: SeatFailure) -> anyhow::Result<(String, String)> {
    match err {
        SeatFailure::Unavailable => Err(anyhow::anyhow!("the seat engine is unavailable")),
        refused => Ok((refused.message(Lang::Ko), refused.message(Lang::En))),
    }
}

/// Books the winners, then takes the others in draw order: a seat left (the household cap left it,
/// or a winner was refused) is booked for them while their household is under the cap, otherwise
/// they join the waitlist. Everyone is told what actually happened, after it happened.
#[allow(clippy::too_many_arguments)]
async fn seat_the_outcome(pool: &SqlitePool, seats: &SqliteSeats, branch: &str, group: &[Entry], outcome: &Draw,
    wins: &(dyn Fn(i64) -> u32 + Sync), leftovers: &mut HashMap<i64, u32>, now: SeoulTime) -> anyhow::Result<()> {
    let find = |id: &i64| group.iter().find(|e| e.id == *id).copied();
    let Some(session_id) = SessionId::new(group[0].session) else { return Ok(()) };
    let book = |e: Entry| async move {
        let child = ChildId::new(e.child).ok_or(SeatFailure::Refused(SeatError::NoSuchSession))?;
        let key = IdempotencyKey::parse(&format!("lottery-{}", e.id)).map_err(|_| SeatFailure::Unavailable)?;
        seats.book_drawn(AccountId(e.account), child, session_id, e.fee_waived, key, now).await
    };
    for e in outcome.winners.iter().filter_map(find).filter(|e| !e.told) {
        let told = match book(e).await {
            Ok(_) => Told::Won,
            Err(err) => {
                tracing::warn!(application = e.id, error = %err, "a lottery winner could not be booked");
                let (ko, en) = refusal(err)?;
                Told::WonButRefused(ko, en)
            }
        };
        tell(pool, &e, session_id, seats, branch, told, now).await?;
    }
    for e in outcome.waitlist.iter().filter_map(find).filter(|e| !e.told) {
        let session = SeatBook::session(seats, session_id).await.map_err(|e| anyhow::anyhow!("{e}"))?
            .ok_or_else(|| anyhow::anyhow!("session {session_id} is gone"))?;
        let left = if session.closed { 0 } else { session.seats_left() };
        let under_cap = wins(e.account) + leftovers.get(&e.account).copied().unwrap_or(0) < HOUSEHOLD_WINS_PER_WEEK;
        // booked before an interruption: the key says so, even though no seat is left now
        let booked_before: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM bookings WHERE idempotency_key = ?)")
            .bind(format!("lottery-{}", e.id)).fetch_one(pool).await?;
        let told = if booked_before || (left > 0 && under_cap) {
            match book(e).await {
                Ok(_) => {
                    *leftovers.entry(e.account).or_default() += 1;
                    Told::Leftover
                }
                Err(err) => {
                    let (ko, en) = refusal(err)?;
                    Told::NotPlaced(ko, en)
                }
            }
        } else if left > 0 {
            Told::OpenFirstCome
        } else {
            let Some(child) = ChildId::new(e.child) else { continue };
            let req = SeatRequest { session: session_id, account: AccountId(e.account), holder: Holder::Child(child), fee_krw: FEE_KRW,
                fee_waived: e.fee_waived, group_size: 1, idempotency_key: None };
            match seats.wait_drawn(req, now).await {
                Ok(_) | Err(SeatFailure::Refused(SeatError::AlreadyWaiting)) => Told::Waiting,
                Err(SeatFailure::Refused(SeatError::NotFull)) => Told::OpenFirstCome,
                Err(err) => {
                    tracing::warn!(application = e.id, error = %err, "a lottery loser could not join the waitlist");
                    let (ko, en) = refusal(err)?;
                    Told::NotPlaced(ko, en)
                }
            }
        };
        tell(pool, &e, session_id, seats, branch, told, now).await?;
    }
    Ok(())
}

/// Writes the resident's message and marks the application told, in one transaction, once.
async fn tell(pool: &SqlitePool, e: &Entry, session_id: SessionId, seats: &SqliteSeats, branch: &str, told: Told, now: SeoulTime)
    -> anyhow::Result<()> {
    let session = SeatBook::session(seats, session_id).await.map_err(|e| anyhow::anyhow!("{e}"))?
        .ok_or_else(|| anyhow::anyhow!("session {session_id} is gone"))?;
    let when = format!("{} {}", session.starts_at.date(), session.starts_at.clock_text());
    let opened = format!("{} {}", now.date(), now.clock_text());
    let place = |lang: Lang| Branch::parse(branch).map_or_else(|| branch.to_string(), |b| b.name(lang).to_string());
    let (pk, pe, id) = (place(Lang::Ko), place(Lang::En), e.id);
    let (subject_ko, subject_en, body_ko, body_en) = match told {
        Told::Won => ("추첨에 당첨되었습니다", "You won the lottery",
            format!("{pk} {when} 회차 추첨(신청 번호 {id})에 당첨되어 예약되었습니다."),
            format!("Your application {id} for {pe}, {when} won: the seat is booked.")),
        Told::WonButRefused(ko, en) => ("추첨 당첨, 예약 불가", "Drawn, but not booked",
            format!("{pk} {when} 회차 추첨(신청 번호 {id})에 뽑혔으나 예약할 수 없었습니다: {ko} 이 자리는 선착순으로 열렸습니다."),
            format!("Your application {id} for {pe}, {when} was drawn, but the seat could not be booked: {en} The seat is open first come.")),
        Told::Leftover => ("추첨 후 남은 자리 예약", "Booked from the seats left",
            format!("{pk} {when} 회차 추첨(신청 번호 {id})에서 뽑히지 않았지만, 추첨 후 남은 자리가 있어 추첨 순서대로 예약되었습니다."),
            format!("Your application {id} for {pe}, {when} was not drawn, but seats were left after the draw, so one is booked for you in draw order.")),
        Told::Waiting => ("추첨 결과: 대기", "Lottery result: waiting list",
            format!("{pk} {when} 회차 추첨(신청 번호 {id})에 당첨되지 않아 추첨 순서대로 대기 명단에 올렸습니다. 자리가 나면 알려 드립니다."),
            format!("Your application {id} for {pe}, {when} was not drawn; you are on the waiting list in draw order and will be told if a seat frees up.")),
        Told::OpenFirstCome => ("추첨 결과: 미당첨", "Lottery result: not drawn",
            format!("{pk} {when} 회차 추첨(신청 번호 {id})에 당첨되지 않았습니다(한 가구는 주 2회까지 당첨). 남은 자리가 있어 대기 명단은 없으며, {opened}부터 선착순으로 예약할 수 있습니다."),
            format!("Your application {id} for {pe}, {when} was not drawn (a household wins at most 2 a week). Seats are left, so there is no waiting list: they are open first come from {opened}.")),
        Told::NotPlaced(ko, en) => ("추첨 결과: 미당첨", "Lottery result: not drawn",
            format!("{pk} {when} 회차 추첨(신청 번호 {id})에 당첨되지 않았고, 대기 명단에도 올릴 수 없었습니다: {ko}"),
            format!("Your application {id} for {pe}, {when} was not drawn, and could not be put on the waiting list: {en}")),
    };
    let mut tx = crate::db::begin_write(pool).await?;
    let first = sqlx::query("UPDATE lottery_applications SET told_at = ? WHERE id = ? AND told_at IS NULL")
        .bind(time_text(now)).bind(id).execute(&mut *tx).await?.rows_affected() == 1;
    if first {
        sqlx::query("INSERT INTO messages (account_id, created_at, subject_ko, subject_en, body_ko, body_en, link) VALUES (?, ?, ?, ?, ?, ?, '/me/bookings')")
            .bind(e.account).bind(time_text(now)).bind(subject_ko).bind(subject_en).bind(body_ko).bind(body_en)
            .execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
