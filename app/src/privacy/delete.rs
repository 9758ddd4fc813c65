//! `/me/delete-account`: what deleting the account does, in the notice's words, and the confirm
//! step (the password again and a checkbox) as a plain form, so it works with JavaScript off.

use crate::accounts::flash::FormError;
use crate::accounts::pages::signed_in_or_log_in;
use crate::i18n::use_lang;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DeleteAccountPage() -> impl IntoView {
    let lang = use_lang();
    crate::me::private_page();
    let Some(viewer) = signed_in_or_log_in() else { return ().into_any() };
    view! {
        <Title text=lang.pick("계정 삭제", "Delete my account")/>
        <crate::Description ko="동네 계정을 지우면 일어나는 일과, 비밀번호로 확인한 뒤 계정을 지우는 곳." en="What deleting your Dongne account does, and deleting it after confirming with your password."/>
        <section class="wrap narrow form-page" data-testid="delete-account">
            <nav class="crumbs" aria-label=lang.pick("위치", "Breadcrumbs")><a href="/me">{lang.pick("내 정보", "My account")}</a></nav>
            <h1>{lang.pick("계정 삭제", "Delete my account")}</h1>
            <p>{match lang {
                domain::Lang::Ko => format!("{} 님의 계정을 지웁니다. 되돌릴 수 없습니다.", viewer.name),
                domain::Lang::En => format!("This deletes the account of {}. It cannot be undone.", viewer.name),
            }}</p>
            <p>
                {lang.pick("지우기 전에 ", "Before you do, you may ")}
                <a href=super::DOWNLOAD_PATH data-testid="download-before-delete">{lang.pick("내 정보를 내려받을 수 있습니다 (JSON)", "download your data (JSON)")}</a>
                {lang.pick(".", ".")}
            </p>
            <h2>{lang.pick("지우면 일어나는 일", "What happens")}</h2>
            <ul data-testid="delete-effects">
                <li>{lang.pick("앞으로 있을 키즈카페·시설·마을 강좌 예약과 차량·주차 예약은 취소되고, 그 자리는 대기자에게 제안되거나 다시 예약할 수 있게 됩니다. 시작 30분 전이 지난 예약은 취소할 수 없어 이름 없이 남습니다.",
                    "Your future kids-café, facility and district-course seats and car and parking trips are cancelled; each seat goes to the first on its waiting list or back on sale. A booking less than 30 minutes from its start can no longer be cancelled: it stays, without your name.")}</li>
                <li>{lang.pick("대기 순번과 아직 추첨하지 않은 추첨 신청은 빠집니다.", "Your waiting-list places and lottery entries not yet drawn are withdrawn.")}</li>
                <li>{lang.pick("자녀 정보, 운전면허 정보, 메시지, 자전거 대여 기록, 캘린더 구독 주소, 기관 소속이 지워집니다. 작성 중이거나 심사 중인 신청은 서류와 함께 지워집니다.",
                    "Your children, driving licence, messages, bike holds, calendar feed and agency membership are deleted; applications in draft or under review are deleted with their documents.")}</li>
                <li>{lang.pick("법에 따라 남기는 것: 결정이 난 지원 사업 신청(승인 건은 서류 포함, 거절 건의 서류는 결정 90일 뒤 삭제), 지난 예약·이용 기록과 요금 기록. 이것들에는 이름·이메일 없이 번호만 남습니다.",
                    "What the law has us keep: decided programme applications (approved ones with their documents; a refusal's documents are deleted 90 days after the decision), and past bookings, trips and fees. They keep no name or email, only a number.")}</li>
                <li>{lang.pick("모든 기기의 로그인이 끝납니다. 같은 이메일로 다시 가입할 수 있습니다.", "Every device is logged out. You may sign up again with the same email.")}</li>
            </ul>
            <p><a href="/privacy#rights">{lang.pick("개인정보 처리방침에서 더 보기", "More in the privacy notice")}</a></p>
            <FormError/>
            <form method="post" action="/api/delete_account" class="stack-form" data-testid="delete-account-form">
                <label for="delete-password">{lang.pick("지금 비밀번호", "Current password")}</label>
                <input id="delete-password" name="password" type="password" autocomplete="current-password" required maxlength="128"/>
                <div class="check-row">
                    <input id="understood" name="understood" type="checkbox" value="yes" required/>
                    <label for="understood">{lang.pick("계정을 지우면 되돌릴 수 없다는 것을 알고 있습니다", "I understand that deleting the account cannot be undone")}</label>
                </div>
                <button type="submit" class="button danger">{lang.pick("계정 삭제", "Delete my account")}</button>
            </form>
            <p><a href="/me">{lang.pick("지우지 않고 돌아가기", "Keep my account and go back")}</a></p>
        </section>
    }
    .into_any()
}

/// `/me`'s section on the resident's data: download it, read the notice, delete the account.
#[component]
pub fn MyDataLinks(lang: domain::Lang) -> impl IntoView {
    view! {
        <h2 id="my-data">{lang.pick("내 정보 관리", "Your data")}</h2>
        <ul class="link-list" data-testid="my-data-links">
            <li><a href=super::DOWNLOAD_PATH data-testid="download-my-data">{lang.pick("내 정보 내려받기 (JSON)", "Download my data (JSON)")}</a></li>
            <li><a href="/privacy">{lang.pick("개인정보 처리방침", "Privacy notice")}</a></li>
            <li><a href="/me/delete-account" data-testid="delete-my-account">{lang.pick("계정 삭제", "Delete my account")}</a></li>
        </ul>
    }
}
