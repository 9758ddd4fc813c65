//! The lottery's draw: for each round whose window has ended, each session in a fixed order
//! (start, then id) is drawn with `domain::seats::draw`; the outcome and everyone's message are
//! written in one transaction, then winners are booked and losers put on the waitlist through the
//! seat engine (idempotently, so a draw interrupted half-way finishes the same on the next minute),
//! and the seed is published.

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
        sqlx::query("UPDATE lottery_rounds SET drawn_at = ? WHERE id = ?").bind(time_text(now)).bind(round).execute(pool).await?;
        tracing::info!(round, branch, week_start, "lottery drawn");
        drawn += 1;
    }
    Ok(drawn)
}

async fn draw_round(pool: &SqlitePool, seats: &SqliteSeats, round: i64, branch: &str, week_start: &str, seed: Seed, now: SeoulTime) -> anyhow::Result<()> {
    let entries: Vec<Entry> = sqlx::query_as::<_, (i64, i64, i64, i64)>(
        "SELECT a.id, a.session_id, a.account_id, a.child_id FROM lottery_applications a JOIN seat_sessions s ON s.id = a.session_id \
         WHERE a.round_id = ? ORDER BY s.starts_at, s.id, a.id")
        .bind(round)
        .fetch_all(pool)
        .await?
        .into_iter()
        .map(|(id, session, account, child)| Entry { id, session, account, child })
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
    let mut start = 0;
    while start < entries.len() {
        let session = entries[start].session;
        let end = start + entries[start..].iter().take_while(|e| e.session == session).count();
        let group = &entries[start..end];
        start = end;
        let outcome = draw_session(pool, seats, round, branch, seed, group, &prior, &won_here, now).await?;
        for id in &outcome.winners {
            let account = group.iter().find(|e| e.id == *id).map_or(0, |e| e.account);
            *won_here.entry(account).or_default() += 1;
        }
        seat_the_outcome(seats, group, &outcome, now).await;
    }
    Ok(())
}

/// Draws one session (or reads back the draw already stored for it) and stores the outcome with
/// everyone's message in one transaction.
#[allow(clippy::too_many_arguments)]
async fn draw_session(pool: &SqlitePool, seats: &SqliteSeats, round: i64, branch: &str, seed: Seed, group: &[Entry],
    prior: &HashMap<i64, u32>, won_here: &HashMap<i64, u32>, now: SeoulTime) -> anyhow::Result<Draw> {
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
        tell(&mut tx, account, &session, branch, id, result == "won", now).await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// Books the winners and puts the others on the waitlist in draw order. A winner the engine
/// refuses (a no-show since applying) is logged; the seat stays on sale for first come.
async fn seat_the_outcome(seats: &SqliteSeats, group: &[Entry], outcome: &Draw, now: SeoulTime) {
    let find = |id: &i64| group.iter().find(|e| e.id == *id).copied();
    for e in outcome.winners.iter().filter_map(find) {
        let (Some(child), Ok(key)) = (ChildId::new(e.child), IdempotencyKey::parse(&format!("lottery-{}", e.id))) else { continue };
        let Some(session) = SessionId::new(e.session) else { continue };
        if let Err(err) = seats.book_kids_cafe(AccountId(e.account), child, session, false, Some(key), now).await {
            tracing::warn!(application = e.id, error = %err, "a lottery winner could not be booked");
        }
    }
    for e in outcome.waitlist.iter().filter_map(find) {
        let (Some(child), Some(session)) = (ChildId::new(e.child), SessionId::new(e.session)) else { continue };
        let req = SeatRequest { session, account: AccountId(e.account), holder: Holder::Child(child), fee_krw: FEE_KRW,
            fee_waived: false, group_size: 1, idempotency_key: None };
        // seats left after a household reached its cap cannot be waited for: they are on sale now
        match seats.join_waitlist(req, now).await {
            Ok(_) | Err(SeatFailure::Refused(SeatError::AlreadyWaiting | SeatError::NotFull)) => {}
            Err(err) => tracing::warn!(application = e.id, error = %err, "a lottery loser could not join the waitlist"),
        }
    }
}

/// The resident's message: won (booked), or on the waitlist.
async fn tell(tx: &mut sqlx::SqliteConnection, account: i64, session: &SessionSeats, branch: &str, application: i64, won: bool, now: SeoulTime)
    -> sqlx::Result<()> {
    let when = format!("{} {}", session.starts_at.date(), session.starts_at.clock_text());
    let place = |lang: Lang| Branch::parse(branch).map_or_else(|| branch.to_string(), |b| b.name(lang).to_string());
    let (subject_ko, subject_en, body_ko, body_en) = if won {
        ("추첨에 당첨되었습니다", "You won the lottery",
         format!("{} {when} 회차 추첨(신청 번호 {application})에 당첨되어 예약되었습니다.", place(Lang::Ko)),
         format!("Your application {application} for {}, {when} won: the seat is booked.", place(Lang::En)))
    } else {
        ("추첨 결과: 대기", "Lottery result: waiting list",
         format!("{} {when} 회차 추첨(신청 번호 {application})에 당첨되지 않아 추첨 순서대로 대기 명단에 올렸습니다. 자리가 나면 알려 드립니다.", place(Lang::Ko)),
         format!("Your application {application} for {}, {when} was not drawn; you are on the waiting list in draw order and will be told if a seat frees up.", place(Lang::En)))
    };
    sqlx::query("INSERT INTO messages (account_id, created_at, subject_ko, subject_en, body_ko, body_en, link) VALUES (?, ?, ?, ?, ?, ?, '/me/bookings')")
        .bind(account).bind(time_text(now)).bind(subject_ko).bind(subject_en).bind(body_ko).bind(body_en)
        .execute(tx).await?;
    Ok(())
}
