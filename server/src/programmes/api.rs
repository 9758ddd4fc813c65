//! The programmes' public JSON API: `GET /api/v1/programmes` (every programme, who it is for, what
//! it gives, the loan's rounds), `/api/v1/programmes/sme-loan/schedule?amount=&collateral=&year=
//! [&start=][&format=csv]` (every payment: date, principal, interest, remaining),
//! `/api/v1/programmes/sme-loan/eligibility?industry=&amount=&collateral=[&year=][&evaluated=]` and
//! `/api/v1/programmes/veterans-allowance/annual?year=[&from_month=]`. Computed from the rule rows;
//! bad input is a 400 with the refusal in Korean and English, never a 5xx.

use super::store;
use crate::error::{parameters, ApiError};
use crate::AppState;
use app::AppError;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use domain::programmes::allowance::{annual, parse_month, parse_year};
use domain::programmes::catalogue::catalogue;
use domain::programmes::loan::{check_amount, eligibility, parse_won, schedule, Collateral, Industry};
use domain::programmes::rules::{loan_rules, LoanRules, ALLOWANCE_RULES};
use domain::programmes::{LoanRound, ProgrammeError, ProgrammeFailure};
use domain::{IsoDate, Lang};
use serde_json::{json, Value};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/programmes", get(programmes))
        .route("/api/v1/programmes/sme-loan/schedule", get(loan_schedule))
        .route("/api/v1/programmes/sme-loan/eligibility", get(loan_eligibility))
        .route("/api/v1/programmes/veterans-allowance/annual", get(allowance_year))
}

pub fn app_error(f: ProgrammeFailure) -> AppError {
    f.into()
}

fn refused(e: ProgrammeError) -> Response {
    ApiError(e.into()).into_response()
}

fn answer(body: Value) -> Response {
    let mut response = Json(body).into_response();
    // rounds open and close with the days
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    response
}

fn missing(name: &str) -> Response {
    ApiError(AppError::bad_request(format!("{name} 항목이 필요합니다."), format!("The parameter {name} is required."))).into_response()
}

fn round_json(r: &LoanRound) -> Value {
    json!({
        "year": r.year, "round": r.number, "name_ko": r.name(Lang::Ko), "name_en": r.name(Lang::En),
        "opens": r.opens.to_string(), "closes": r.closes.to_string(),
        "collateral_deadline": r.collateral_deadline.to_string(), "drawdown": r.drawdown.to_string(),
    })
}

async fn all_rounds(state: &AppState) -> Result<Vec<LoanRound>, Response> {
    let mut conn = state.pool.acquire().await.map_err(|_| ApiError(AppError::Unavailable).into_response())?;
    store::rounds(&mut conn).await.map_err(|e| {
        tracing::error!(error = %e, "reading loan rounds failed");
        ApiError(AppError::Unavailable).into_response()
    })
}

async fn programmes(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    if let Err(e) = parameters(raw.as_deref(), &[]) {
        return ApiError(e).into_response();
    }
    let today = state.clock.today();
    let rounds = match all_rounds(&state).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let open = rounds.iter().find(|r| r.is_open(today));
    let next = rounds.iter().filter(|r| r.opens > today).min_by_key(|r| r.opens);
    let list: Vec<Value> = catalogue(today)
        .iter()
        .map(|p| {
            let mut v = json!({
                "id": p.slug, "name_ko": p.name_ko, "name_en": p.name_en, "for_ko": p.for_ko, "for_en": p.for_en,
                "gives_ko": p.gives_ko, "gives_en": p.gives_en, "page": p.page(),
            });
            if p.slug == "sme-loan" {
                v["open_round"] = open.map(round_json).unwrap_or(Value::Null);
                v["next_round"] = next.map(round_json).unwrap_or(Value::Null);
            }
            v
        })
        .collect();
    answer(json!({ "date": today.to_string(), "programmes": list }))
}

/// The rules of `year` (this year when not given).
fn year_rules(value: Option<&str>, today: IsoDate) -> Result<&'static LoanRules, ProgrammeError> {
    let year = match value {
        Some(v) => parse_year(v)?,
        None => today.year(),
    };
    loan_rules(year).ok_or(ProgrammeError::YearNotCovered)
}

fn value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

async fn loan_schedule(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let pairs = match parameters(raw.as_deref(), &["amount", "collateral", "year", "start", "format"]) {
        Ok(p) => p,
        Err(e) => return ApiError(e).into_response(),
    };
    let today = state.clock.today();
    let (Some(amount), Some(collateral)) = (value(&pairs, "amount"), value(&pairs, "collateral")) else {
        return missing(if value(&pairs, "amount").is_none() { "amount" } else { "collateral" });
    };
    let csv = match value(&pairs, "format") {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return ApiError(AppError::bad_request("format은 json 또는 csv입니다.", "format is json or csv.")).into_response(),
    };
    let checked = (|| {
        let rules = year_rules(value(&pairs, "year"), today)?;
        let amount = parse_won(amount)?;
        let collateral = Collateral::parse(collateral)?;
        check_amount(rules, amount, collateral, None)?;
        Ok::<_, ProgrammeError>((rules, amount, collateral))
    })();
    let (rules, amount, collateral) = match checked {
        Ok(c) => c,
        Err(e) => return refused(e),
    };
    let start = match value(&pairs, "start") {
        Some(s) => match IsoDate::parse(s).filter(|d| (rules.year - 1..=rules.year + 1).contains(&d.year())) {
            Some(d) => d,
            None => return ApiError(AppError::bad_request(
                format!("start는 {}년 무렵의 날짜(YYYY-MM-DD)로 적어 주세요.", rules.year),
                format!("start is a date (YYYY-MM-DD) within a year of {}.", rules.year),
            )).into_response(),
        },
        None => match all_rounds(&state).await {
            Ok(rounds) => domain::programmes::applications::usual_drawdown(&rounds, rules.year),
            Err(response) => return response,
        },
    };
    let plan = schedule(rules, amount, start);
    if csv {
        let name = format!("attachment; filename=\"sme-loan-schedule-{}-{}.csv\"", amount, rules.year);
        let mut response = plan.to_csv().into_response();
        let h = response.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
        if let Ok(v) = HeaderValue::from_str(&name) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
        return response;
    }
    let payments: Vec<Value> = plan
        .payments
        .iter()
        .map(|p| json!({ "number": p.number, "date": p.date.to_string(), "days": p.days, "principal": p.principal_krw, "interest": p.interest_krw, "total": p.total_krw, "remaining": p.remaining_krw }))
        .collect();
    answer(json!({
        "year": rules.year, "rate": rules.rate_text(), "rate_bp": rules.rate_bp, "amount": amount, "collateral": collateral.slug(),
        "drawdown": start.to_string(), "grace_months": rules.grace_months, "instalments": rules.instalments(), "every_months": rules.every_months,
        "interest_basis": "on the outstanding principal by the day, actual days / 365, rounded to the won for each payment",
        "payments": payments,
        "totals": { "principal": plan.total_principal_krw, "interest": plan.total_interest_krw, "paid": plan.total_principal_krw + plan.total_interest_krw },
    }))
}

fn reason_json(e: &ProgrammeError) -> Value {
    let code = match serde_json::to_value(e) {
        Ok(Value::String(s)) => s,
        Ok(Value::Object(m)) => m.keys().next().cloned().unwrap_or_default(),
        _ => String::new(),
    };
    json!({ "code": code, "message_ko": e.message(Lang::Ko), "message_en": e.message(Lang::En) })
}

async fn loan_eligibility(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let pairs = match parameters(raw.as_deref(), &["industry", "amount", "collateral", "year", "evaluated"]) {
        Ok(p) => p,
        Err(e) => return ApiError(e).into_response(),
    };
    for name in ["industry", "amount", "collateral"] {
        if value(&pairs, name).is_none() {
            return missing(name);
        }
    }
    let checked = (|| {
        let rules = year_rules(value(&pairs, "year"), state.clock.today())?;
        let industry = Industry::parse(value(&pairs, "industry").unwrap_or_default())?;
        let amount = parse_won(value(&pairs, "amount").unwrap_or_default())?;
        let collateral = Collateral::parse(value(&pairs, "collateral").unwrap_or_default())?;
        let evaluated = value(&pairs, "evaluated").map(parse_won).transpose()?;
        Ok::<_, ProgrammeError>((rules, eligibility(rules, industry, amount, collateral, evaluated)))
    })();
    match checked {
        Ok((rules, e)) => answer(json!({
            "eligible": e.eligible, "year": rules.year, "rate": rules.rate_text(), "cap": e.cap_krw,
            "reasons": e.reasons.iter().map(reason_json).collect::<Vec<_>>(),
        })),
        Err(e) => refused(e),
    }
}

async fn allowance_year(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let pairs = match parameters(raw.as_deref(), &["year", "from_month"]).and_then(|p| crate::error::no_blank(raw.as_deref(), &["from_month"]).map(|()| p)) {
        Ok(p) => p,
        Err(e) => return ApiError(e).into_response(),
    };
    let year = match value(&pairs, "year").map(parse_year).unwrap_or(Ok(state.clock.today().year())) {
        Ok(y) => y,
        Err(e) => return refused(e),
    };
    let computed = parse_month(value(&pairs, "from_month").unwrap_or("")).and_then(|m| annual(ALLOWANCE_RULES, year, m));
    match computed {
        Ok(a) => answer(json!({
            "year": a.year, "from_month": a.from_month,
            "items": a.items.iter().map(|i| json!({ "month": i.month, "kind": i.kind.slug(), "label_ko": i.kind.label(Lang::Ko), "label_en": i.kind.label(Lang::En), "amount": i.amount_krw })).collect::<Vec<_>>(),
            "total": a.total_krw,
            "condolence_to_family": a.condolence_krw,
        })),
        Err(e) => refused(e),
    }
}
