//! The lottery's fairness at its edges, with the server's state rebuilt over the same file at each
//! moment that matters (a day before the opening, 09:00:00 Tuesday, `draws_at`, after the draw):
//! no first-come booking ever reaches a lottery session before the draw has seated everyone, a
//! resident is told what actually happened, seats the cap leaves are never promised as a waiting
//! list, and the declared basic-livelihood waiver reaches the booking.

use super::*;

/// Monday 23 November, 10:00: the day before next week's window opens.
fn the_day_before() -> SeoulTime {
    at("2026-11-23", 10, 0)
}

fn opening() -> SeoulTime {
    at("2026-11-24", 9, 0)
}

impl Lottery {
    /// The server as it would be at `now` over the same database (start-up's calendar and rounds run).
    async fn state_at(&self, now: SeoulTime) -> AppState {
        AppState::load(self.app.pool.clone(), Settings::for_tests(), Arc::new(FixedClock(now))).await.unwrap()
    }

    async fn opens_at(&self, session: SessionId) -> String {
        sqlx::query_scalar("SELECT opens_at FROM seat_sessions WHERE id = ?").bind(session.get()).fetch_one(&self.app.pool).await.unwrap()
    }

    /// Subjects (English) of the messages `account` was sent.
    async fn told(&self, account: AccountId) -> Vec<String> {
        sqlx::query_scalar("SELECT subject_en || ': ' || body_en FROM messages WHERE account_id = ? ORDER BY id")
            .bind(account.0).fetch_all(&self.app.pool).await.unwrap()
    }

    async fn booked(&self, account: AccountId, session: SessionId) -> i64 {
        sqlx::query_scalar("SELECT COUNT(*) FROM bookings WHERE account_id = ? AND session_id = ? AND status = 'booked'")
            .bind(account.0).bind(session.get()).fetch_one(&self.app.pool).await.unwrap()
    }
}

fn not_open(r: &Result<Booking, SeatFailure>) -> bool {
    matches!(r, Err(SeatFailure::Refused(SeatError::NotOpenYet { .. })))
}

#[tokio::test]
async fn no_first_come_booking_reaches_a_lottery_session_before_the_draw_is_seated() {
    let l = Lottery::at(the_day_before()).await;
    let saturday = l.session("2026-12-05", 10).await;
    l.capacity(saturday, 2).await;
    let (applicant, kids) = l.household(1).await;
    let (bot, bot_kids) = l.household(1).await;
    // the round exists ahead, but its commitment is not shown before the opening
    let hidden = lottery::round_view(&l.app.pool, Branch::Junggok, domain::kids_cafe::Week::containing(IsoDate::parse("2026-11-30").unwrap()),
        the_day_before()).await.unwrap();
    assert!(hidden.round.is_none(), "no commitment before the opening");

    let nine = l.state_at(opening()).await;
    let first_come = nine.seats.book_kids_cafe(bot, bot_kids[0], saturday, false, None, opening()).await;
    assert!(not_open(&first_come), "09:00:00 Tuesday, before any chore ran: {first_come:?}");
    lottery::apply(&l.app.pool, applicant, kids[0], saturday, false, opening()).await.unwrap();

    let at_draw = l.state_at(draw_time()).await;
    let racing = at_draw.seats.book_kids_cafe(bot, bot_kids[0], saturday, false, None, draw_time()).await;
    assert!(not_open(&racing), "at draws_at, before the draw ran: {racing:?}");
    assert_eq!(lottery_draw::draw_due(&l.app.pool, at_draw.seats.clone(), draw_time()).await.unwrap(), 1);
    assert_eq!(l.booked(applicant, saturday).await, 1, "the winner is seated");
    assert!(l.told(applicant).await[0].starts_with("You won the lottery"));
    assert_eq!(l.opens_at(saturday).await, time_text(draw_time()), "the seats left open when the draw is done");

    let after = l.state_at(at("2026-11-25", 9, 1)).await;
    after.seats.book_kids_cafe(bot, bot_kids[0], saturday, false, None, at("2026-11-25", 9, 1)).await.expect("first come after the draw");
}

#[tokio::test]
async fn sessions_made_later_for_a_lottery_week_are_held_at_once_and_a_switch_back_before_the_opening_undoes_it() {
    let l = Lottery::at(the_day_before()).await;
    let saturday = l.session("2026-12-05", 10).await;
    sqlx::query("DELETE FROM seat_sessions WHERE id = ?").bind(saturday.get()).execute(&l.app.pool).await.unwrap();
    l.app.state.ensure_calendar().await.unwrap(); // the hourly path makes the session again
    let again = l.session("2026-12-05", 10).await;
    let (starts, opens): (String, String) = sqlx::query_as("SELECT starts_at, opens_at FROM seat_sessions WHERE id = ?")
        .bind(again.get()).fetch_one(&l.app.pool).await.unwrap();
    assert_eq!(opens, starts, "held closed to first come until the draw releases it");
    assert!(opens > time_text(draw_time()));

    lottery::set_mode(&l.app.pool, Branch::Junggok, app::kids_cafe::lottery::OpeningMode::FirstCome, the_day_before()).await.unwrap();
    assert_eq!(l.opens_at(again).await, time_text(opening()), "first come again: it opens at 09:00 Tuesday");
    let rounds: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM lottery_rounds").fetch_one(&l.app.pool).await.unwrap();
    assert_eq!(rounds, 0, "a round nobody saw yet goes with the switch");
}

#[tokio::test]
async fn a_resident_is_told_won_only_when_seated_and_a_refused_winner_is_told_why() {
    let l = Lottery::at(in_window()).await;
    let saturday = l.session("2026-12-05", 10).await;
    l.capacity(saturday, 1).await;
    let (blocked, blocked_kids) = l.household(1).await;
    let (other, other_kids) = l.household(1).await;
    lottery::apply(&l.app.pool, blocked, blocked_kids[0], saturday, false, in_window()).await.unwrap();
    lottery::apply(&l.app.pool, other, other_kids[0], saturday, false, in_window()).await.unwrap();
    // a no-show after applying: the engine refuses this household's bookings from now on
    let missed = l.session("2026-11-24", 10).await;
    sqlx::query("INSERT INTO bookings (reference, session_id, account_id, child_id, holder, status, fee_krw, created_at) \
                 VALUES ('K-TEST-0001', ?, ?, ?, ?, 'no_show', 2000, ?)")
        .bind(missed.get()).bind(blocked.0).bind(blocked_kids[0].get()).bind(format!("child:{}", blocked_kids[0].get()))
        .bind(time_text(in_window())).execute(&l.app.pool).await.unwrap();

    let at_draw = l.state_at(draw_time()).await;
    lottery_draw::draw_due(&l.app.pool, at_draw.seats.clone(), draw_time()).await.unwrap();
    let (blocked_told, other_told) = (l.told(blocked).await, l.told(other).await);
    assert_eq!((blocked_told.len(), other_told.len()), (1, 1), "each told once: {blocked_told:?} {other_told:?}");
    assert!(!blocked_told[0].starts_with("You won"), "never 'won' without a seat: {blocked_told:?}");
    assert!(blocked_told[0].contains("could not be"), "told why: {blocked_told:?}");
    assert_eq!(l.booked(blocked, saturday).await, 0);
    // whoever was drawn, the other household ends up in the seat (won, or the seat the refusal left)
    assert_eq!(l.booked(other, saturday).await, 1, "{other_told:?}");
    assert!(other_told[0].starts_with("You won") || other_told[0].starts_with("Booked from the seats left"), "{other_told:?}");
    assert_eq!(lottery_draw::draw_due(&l.app.pool, at_draw.seats.clone(), draw_time()).await.unwrap(), 0);
}

#[tokio::test]
async fn seats_the_household_cap_leaves_are_never_promised_as_a_waiting_list() {
    let l = Lottery::at(in_window()).await;
    let saturday = l.session("2026-12-05", 10).await;
    l.capacity(saturday, 5).await;
    let (family, kids) = l.household(3).await;
    for child in &kids {
        lottery::apply(&l.app.pool, family, *child, saturday, false, in_window()).await.unwrap();
    }
    let at_draw = l.state_at(draw_time()).await;
    lottery_draw::draw_due(&l.app.pool, at_draw.seats.clone(), draw_time()).await.unwrap();
    assert_eq!(l.booked(family, saturday).await, 2, "two wins a week per household");
    let told = l.told(family).await;
    assert_eq!(told.len(), 3);
    let third = told.iter().find(|m| m.starts_with("Lottery result")).expect("the third child's result");
    assert!(third.contains("open first come") && !third.contains("waiting list in draw order"), "{third}");
    let waiting: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM waitlist").fetch_one(&l.app.pool).await.unwrap();
    assert_eq!(waiting, 0);
    assert_eq!(l.opens_at(saturday).await, time_text(draw_time()), "and they are open first come");
}

#[tokio::test]
async fn the_declared_fee_waiver_reaches_the_lottery_booking_and_the_waitlist() {
    let l = Lottery::at(in_window()).await;
    let saturday = l.session("2026-12-05", 10).await;
    l.capacity(saturday, 1).await;
    let (a, a_kids) = l.household(1).await;
    let (b, b_kids) = l.household(1).await;
    lottery::apply(&l.app.pool, a, a_kids[0], saturday, true, in_window()).await.unwrap();
    lottery::apply(&l.app.pool, b, b_kids[0], saturday, true, in_window()).await.unwrap();
    let at_draw = l.state_at(draw_time()).await;
    lottery_draw::draw_due(&l.app.pool, at_draw.seats.clone(), draw_time()).await.unwrap();
    let seat: (bool, i64) = sqlx::query_as("SELECT fee_waived, fee_krw FROM bookings WHERE session_id = ? AND status = 'booked'")
        .bind(saturday.get()).fetch_one(&l.app.pool).await.unwrap();
    assert_eq!(seat, (true, 0), "won free, as declared");
    let wait: (bool, i64) = sqlx::query_as("SELECT fee_waived, fee_krw FROM waitlist WHERE session_id = ?")
        .bind(saturday.get()).fetch_one(&l.app.pool).await.unwrap();
    assert_eq!(wait, (true, 0), "waiting free, as declared");
}
