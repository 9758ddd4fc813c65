//! Licence claims on the staff car page (`/staff/cars`): a resident whose licence another account
//! registered first is refused, and the refusal files their claim (`CarShare::save_licence`). Staff
//! check the licence in person, then move it to the claimant or refuse the claim; both accounts
//! are told in their messages. Staff only; the server functions check the role.

use crate::error::AppError;
use crate::i18n::use_lang;
use crate::kids_cafe::pages::failed;
use domain::carshare::LicenceDispute;
use domain::Lang;
use leptos::prelude::*;

/// The open claims, oldest first.
#[server(endpoint = "licence_disputes")]
pub async fn licence_disputes() -> Result<Vec<LicenceDispute>, AppError> {
    crate::accounts::ssr::require_staff()?;
    Ok(super::ssr::car_share()?.licence_disputes().await?)
}

/// `decision` is `move` (the licence goes to the claimant) or `refuse`.
#[server(endpoint = "resolve_licence_dispute")]
pub async fn resolve_licence_dispute(id: String, decision: String) -> Result<(), AppError> {
    crate::accounts::ssr::require_staff()?;
    let id = id.trim().parse::<i64>().ok().filter(|n| *n > 0)
        .ok_or_else(|| AppError::bad_request("확인 요청 번호를 읽을 수 없습니다.", "The claim number cannot be read."))?;
    let move_it = match decision.as_str() {
        "move" => true,
        "refuse" => false,
        _ => return Err(AppError::bad_request("옮기기 또는 거절을 골라 주세요.", "Choose to move the licence or to refuse the claim.")),
    };
    super::ssr::car_share()?.resolve_dispute(id, move_it, super::ssr::now()?).await?;
    leptos_axum::redirect(if move_it { "/staff/cars?done=moved" } else { "/staff/cars?done=refused" });
    Ok(())
}

/// The claims' section of the staff car page.
#[component]
pub fn LicenceDisputes() -> impl IntoView {
    let lang = use_lang();
    let list = Resource::new_blocking(|| (), |_| licence_disputes());
    view! {
        <h2 id="disputes-heading">{lang.pick("운전면허 확인 요청", "Licence claims")}</h2>
        <p class="hint">{lang.pick(
            "다른 계정에 이미 등록된 면허를 등록하려던 주민의 요청입니다. 신분증과 면허를 직접 확인한 뒤 결정해 주세요. 두 계정 모두에 결과가 메시지로 갑니다.",
            "Residents who tried to register a licence another account holds. Check their ID and licence in person before deciding; both accounts are told the outcome in their messages.")}</p>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.is_empty() => view! { <p data-testid="no-disputes">{lang.pick("열린 요청이 없습니다.", "No open claims.")}</p> }.into_any(),
                    Ok(list) => disputes_table(list, lang),
                    Err(e) => failed(&e, lang),
                }
            })}
        </Suspense>
    }
}

fn disputes_table(list: Vec<LicenceDispute>, lang: Lang) -> AnyView {
    view! {
        <div class="table-scroll" role="region" aria-labelledby="disputes-caption" tabindex="0">
            <table class="data-table" data-testid="licence-disputes">
                <caption id="disputes-caption">{lang.pick("열린 확인 요청", "Open claims")}</caption>
                <thead><tr>
                    <th scope="col">{lang.pick("요청한 주민", "Claimed by")}</th>
                    <th scope="col">{lang.pick("지금 등록된 계정", "Registered to")}</th>
                    <th scope="col">{lang.pick("면허", "Licence")}</th>
                    <th scope="col">{lang.pick("요청 시각", "Filed")}</th>
                    <th scope="col"><span class="visually-hidden">{lang.pick("결정", "Decision")}</span></th>
                </tr></thead>
                <tbody>
                    {list.into_iter().map(|d| view! {
                        <tr data-testid="licence-dispute">
                            <td>{d.claimant.clone()}</td>
                            <td>{d.holder.clone()}</td>
                            <td>{d.masked.clone()}</td>
                            <td>{format!("{} {}", d.filed_at.date(), d.filed_at.clock_text())}</td>
                            <td>
                                <form method="post" action="/api/resolve_licence_dispute" class="inline-form">
                                    <input type="hidden" name="id" value=d.id.to_string()/>
                                    <input type="hidden" name="decision" value="move"/>
                                    <button type="submit" class="button small">{lang.pick("요청자에게 옮기기", "Move to claimant")}
                                        <span class="visually-hidden">{format!(" {}", d.claimant)}</span></button>
                                </form>
                                <form method="post" action="/api/resolve_licence_dispute" class="inline-form">
                                    <input type="hidden" name="id" value=d.id.to_string()/>
                                    <input type="hidden" name="decision" value="refuse"/>
                                    <button type="submit" class="button secondary small">{lang.pick("거절", "Refuse")}
                                        <span class="visually-hidden">{format!(" {}", d.claimant)}</span></button>
                                </form>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
