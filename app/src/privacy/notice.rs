//! `/privacy`: the privacy notice (개인정보 처리방침). Per service, what is collected, why, how
//! long it is kept and who sees it — each line true to what the code stores and deletes (the
//! numbers come from the rules that enforce them). `?deleted=1` is where a deleted account lands.

use crate::i18n::use_lang;
use domain::Lang;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// One service's entry: its anchor and the four answers, in Korean and English.
struct Entry {
    id: &'static str,
    title: (&'static str, &'static str),
    what: (&'static str, &'static str),
    why: (&'static str, &'static str),
    kept: (String, String),
    who: (&'static str, &'static str),
}

fn entries() -> Vec<Entry> {
    let refused_days = domain::privacy::REFUSED_DOCUMENTS_KEPT_DAYS;
    let idle = domain::accounts::IDLE_LIMIT_SECS / 60;
    let absolute = domain::accounts::ABSOLUTE_LIMIT_SECS / 3600;
    vec![
        Entry {
            id: "account",
            title: ("계정", "Your account"),
            what: ("이메일, 이름, 비밀번호(argon2id 해시로만 저장), 구민 여부(본인이 표시), 가입 시각. 로그인하면 세션(로그인·마지막 활동 시각)이 데이터베이스에 저장되고 브라우저에는 세션 쿠키가 남습니다. 언어·글자 크기 쿠키는 화면 설정만 담습니다.",
                "Email, name, password (stored only as an argon2id hash), whether you live in the district (as you declare it), when you signed up. While you are logged in, a session (when you logged in and were last active) is kept in the database and a session cookie in your browser. The language and text-size cookies hold only those settings."),
            why: ("로그인, 예약·신청·메시지를 본인 것으로 묶기, 구민 우선 규칙.", "To log you in, to keep your bookings, applications and messages yours, and for rules that favour residents."),
            kept: (format!("계정을 지울 때까지. 세션은 {idle}분 동안 쓰지 않거나 로그인 {absolute}시간 뒤 끝납니다."),
                format!("Until you delete the account. A session ends after {idle} minutes unused or {absolute} hours after logging in.")),
            who: ("본인. 지원 사업 직원은 맡은 신청에서 이름을 봅니다.", "You; programme staff see your name on the applications they handle."),
        },
        Entry {
            id: "children",
            title: ("자녀", "Children"),
            what: ("자녀 이름과 생년월일.", "Your children's names and birth dates."),
            why: ("키즈카페 이용 나이(24개월 이상) 확인, 한 자녀 한 자리 규칙, 예약 명단.", "To check the kids-café age rule (24 months or more), one seat per child, and the session's list."),
            kept: ("계정을 지울 때까지. 지우면 지난 예약에는 자녀 정보 없이 번호만 남습니다.".into(),
                "Until you delete the account; past bookings then keep no trace of the child but a number.".into()),
            who: ("본인, 해당 회차를 맡은 키즈카페 직원.", "You, and the kids-café staff running the session."),
        },
        Entry {
            id: "bookings",
            title: ("예약·대기·추첨 (키즈카페, 공공시설, 마을 강좌)", "Bookings, waiting lists, lotteries (kids cafés, facilities, district courses)"),
            what: ("예약한 회차, 자녀, 인원, 요금과 감면 여부(기초생활수급 본인 표시), 상태(이용·미이용·취소), 대기 순번, 추첨 신청과 결과. 추첨은 누구나 다시 해 볼 수 있도록 신청 번호·가구 번호·추첨 순서를 공개합니다(이름은 공개하지 않음).",
                "The sessions you booked, for which child, group size, fee and declared fee waiver (basic livelihood), status (attended, did not come, cancelled), waiting-list places, lottery entries and results. A lottery publishes entry numbers, household numbers and draw order so anyone can re-run it (never names)."),
            why: ("자리 배정, 미이용 시 30일 예약 제한, 대기자에게 자리 제안, 이용 통계.", "To give out seats, apply the 30-day block after a no-show, offer freed seats to those waiting, and for usage statistics."),
            kept: ("계정을 지울 때까지 이름과 함께. 지우면 앞으로의 예약은 취소되고(시작 30분 전이 지난 것은 취소되지 않음), 지난 기록은 이름 없이 통계로 남습니다.".into(),
                "With your name until you delete the account. Deleting cancels future bookings (except those less than 30 minutes from their start); past ones stay without a name, for the statistics.".into()),
            who: ("본인, 해당 시설·강좌 직원.", "You, and the staff of the facility or course."),
        },
        Entry {
            id: "carshare",
            title: ("공유 차량·주차·자전거", "Shared cars, parking and bikes"),
            what: ("운전면허: 번호는 저장하지 않고 지역과 끝 두 자리만 가린 형태로, 발급·만료일과 생년월일, 그리고 한 면허 한 계정 확인용 지문(서버 밖에 둔 비밀 키로 만든 HMAC-SHA256: 데이터베이스만으로는 번호를 알아낼 수 없음). 차량·주차 예약 시간, 요금과 취소 수수료. 자전거 대여 예약(거치대, 시간).",
                "Driving licence: not the number, but its region and last two digits, issue and expiry dates and your birth date, and a fingerprint for one-licence-one-account (HMAC-SHA256 with a secret key kept outside the database: the database alone does not give the number back). Car and parking trip times, prices and cancellation fees. Bike holds (dock and time)."),
            why: ("만 21세 이상·면허 1년 이상 확인, 차량 배정, 요금 정산.", "To check you are 21 or over and have held the licence a year, to give out the car, and to settle fees."),
            kept: ("계정을 지울 때까지. 지우면 면허 정보와 자전거 기록은 지워지고, 앞으로의 예약은 취소되며, 지난 이용과 요금 기록은 이름 없이 남습니다.".into(),
                "Until you delete the account; then the licence and bike holds are deleted, future trips cancelled, and past trips and fees stay without a name.".into()),
            who: ("본인, 차량 담당 직원.", "You, and the car-share staff."),
        },
        Entry {
            id: "programmes",
            title: ("지원 사업 신청 (중소기업 육성자금, 보훈 명예수당)", "Programme applications (SME loan, veterans' allowance)"),
            what: ("신청서 답변(사업자명·사업자등록번호·담보·금액·용도, 또는 보훈 증서 번호), 올린 서류(통장 사본, 사업자등록증 등: 파일과 이름·크기), 심사 결과.",
                "Your answers (business name and number, collateral, amount and purpose, or the veteran's certificate number), the documents you upload (bankbook copy, business registration and others: the file, its name and size), and the decision."),
            why: ("자격 심사와 지원 결정.", "To assess eligibility and decide."),
            kept: (format!("작성 중·심사 중 신청은 계정을 지우면 서류와 함께 지워집니다. 거절된 신청의 서류는 결정 {refused_days}일 뒤(행정심판 청구 기간) 자동으로 지워지고 결정 기록은 남습니다. 철회되었거나 기한이 지난 작성 중 신청의 서류는 바로 지워집니다. 승인된 신청은 지원의 기록으로 서류와 함께 남습니다. 결정이 난 신청은 계정을 지워도 이름·이메일 없이 남습니다."),
                format!("Drafts and applications under review are deleted with their documents when you delete the account. A refused application's documents are deleted automatically {refused_days} days after the decision (the time to appeal it); the decision's record stays. A withdrawn or expired draft's documents are deleted at once. An approved application stays with its documents as the record of the grant. Decided applications stay after you delete the account, without your name or email.")),
            who: ("본인, 사업 담당 직원(제출된 신청만).", "You, and the programme's staff (sent applications only)."),
        },
        Entry {
            id: "social",
            title: ("사회적경제 (영희네 나눔가게 기부, 커피지기 단체 주문)", "The social economy (thrift-store donations, Coffee Jigi catering)"),
            what: ("기부 물품 접수 예약, 기부금 영수증 신청(이름, 생년월일 또는 사업자등록번호, 물품과 신고 가액)과 발급된 영수증 번호, 단체 주문 요청(날짜, 장소, 인원, 메뉴, 예산, 담당자 이름과 연락처).",
                "Drop-off bookings, donation-receipt requests (name, date of birth or business number, the items and their declared values) and the receipt's number once issued, and catering requests (date, place, head count, menu, budget, a contact name and phone)."),
            why: ("기부 접수와 영수증 발급(소득세법·법인세법의 기부금 영수증), 단체 주문의 견적과 준비.", "To receive donations and issue donation receipts (for tax deductions), and to quote and prepare catering."),
            kept: ("계정을 지우면 신청만 한 영수증과 단체 주문은 지워집니다. 발급된 기부금 영수증은 세무 기록으로 계정 없이(영수증에 적힌 기부자 정보와 함께) 남습니다.".into(),
                "When you delete the account, receipt requests not yet issued and catering requests are deleted. An issued donation receipt is a tax record and stays without the account (with the donor details written on it).".into()),
            who: ("본인, 나눔가게·커피지기 담당 직원.", "You, and the thrift store's and Coffee Jigi's staff."),
        },
        Entry {
            id: "messages",
            title: ("메시지·캘린더·기관", "Messages, calendar feed, agencies"),
            what: ("포털이 보낸 메시지(대기 자리 제안, 추첨 결과, 취소 안내)와 읽은 시각. 캘린더 구독 주소는 그 비밀 값의 SHA-256만 저장. 기관 회원이면 기관명과 부여 일시.",
                "Messages the portal sent you (seat offers, lottery results, cancellations) and when you read them. The calendar feed address is kept only as a SHA-256 of its secret. If you were made a member of an agency, the agency and when."),
            why: ("알림, 예약을 내 캘린더에 보이기, 기관 데이터 관리 권한.", "To tell you things, to show your bookings in your calendar, and for agencies' data access."),
            kept: ("계정을 지울 때까지. 지우면 모두 지워집니다.".into(), "Until you delete the account; then all of it is deleted.".into()),
            who: ("본인.", "You."),
        },
    ]
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let lang = use_lang();
    let deleted = use_query_map().with_untracked(|q| q.get("deleted").is_some());
    let pick = move |pair: &(&'static str, &'static str)| lang.pick(pair.0, pair.1);
    view! {
        <Title text=lang.pick("개인정보 처리방침", "Privacy notice")/>
        <crate::Description ko="동네 포털이 서비스마다 어떤 개인정보를 왜 모으고 얼마나 두며 누가 보는지, 내 정보 내려받기와 계정 삭제."
            en="What personal data each Dongne service collects, why, how long it is kept and who sees it; downloading your data and deleting your account."/>
        <article class="wrap narrow privacy-notice" data-testid="privacy-notice">
            {deleted.then(|| view! {
                <p class="done-note" role="status" data-testid="account-deleted">
                    {lang.pick("계정을 지웠습니다. 모든 기기의 로그인이 끝났고, 아래 '남기는 것'에 적힌 기록만 이름 없이 남았습니다.",
                        "Your account is deleted. Every device is logged out; only the records listed below as kept remain, without your name.")}
                </p>
            })}
            <h1>{lang.pick("개인정보 처리방침", "Privacy notice")}</h1>
            <p>{lang.pick("동네는 서울 자치구들이 운영하는 서비스를 주민이 한곳에서 쓰는 포털입니다. 개인정보 보호법에 따라, 서비스마다 무엇을 왜 모으고 얼마나 두며 누가 보는지 알려 드립니다. 모은 정보는 여기 적은 목적에만 쓰고, 포털 밖의 누구에게도 주지 않습니다.",
                "Dongne is the portal where residents use the services Seoul's districts run. As the Personal Information Protection Act asks, this says, service by service, what we collect, why, how long we keep it and who sees it. We use it only for the purposes written here and give it to no one outside the portal.")}</p>
            <p class="muted">{lang.pick("이 포털은 시연용입니다. 실제 구청의 개인정보 보호책임자와 연락처는 아직 없습니다.",
                "This portal is a demonstration: there is no real district privacy officer or contact address for it yet.")}</p>
            <nav aria-label=lang.pick("목차", "Contents")>
                <ul>
                    {entries().into_iter().map(|e| view! { <li><a href=format!("#{}", e.id)>{pick(&e.title)}</a></li> }).collect_view()}
                    <li><a href="#rights">{lang.pick("내 정보에 대한 권리", "Your rights over your data")}</a></li>
                </ul>
            </nav>
            {entries().into_iter().map(|Entry { id, title, what, why, kept, who }| {
                let kept = match lang { Lang::Ko => kept.0, Lang::En => kept.1 };
                view! {
                    <section id=id aria-labelledby=format!("{id}-title")>
                        <h2 id=format!("{id}-title")>{pick(&title)}</h2>
                        <dl class="privacy-facts">
                            <dt>{lang.pick("모으는 것", "What we collect")}</dt><dd>{pick(&what)}</dd>
                            <dt>{lang.pick("왜", "Why")}</dt><dd>{pick(&why)}</dd>
                            <dt>{lang.pick("얼마나 두는지", "How long we keep it")}</dt><dd>{kept}</dd>
                            <dt>{lang.pick("누가 보는지", "Who sees it")}</dt><dd>{pick(&who)}</dd>
                        </dl>
                    </section>
                }
            }).collect_view()}
            <section id="rights" aria-labelledby="rights-title">
                <h2 id="rights-title">{lang.pick("내 정보에 대한 권리", "Your rights over your data")}</h2>
                <ul>
                    <li>{lang.pick("내려받기: 계정에 있는 모든 정보를 JSON 파일 하나로 받을 수 있습니다. ", "Download: everything held about your account, as one JSON file. ")}
                        <a href=super::DOWNLOAD_PATH data-testid="download-my-data">{lang.pick("내 정보 내려받기", "Download my data")}</a></li>
                    <li>{lang.pick("삭제: 계정을 지우면 위에 적은 대로 지우거나 이름 없이 남깁니다. ", "Deletion: deleting your account deletes, or keeps without your name, as written above. ")}
                        <a href="/me/delete-account" data-testid="delete-my-account">{lang.pick("계정 삭제", "Delete my account")}</a></li>
                    <li>{lang.pick("열람: 예약, 신청, 메시지는 '내 정보'에서 언제든 볼 수 있습니다. ", "Access: your bookings, applications and messages are on your account pages at any time. ")}
                        <a href="/me">{lang.pick("내 정보", "My account")}</a></li>
                    <li>{lang.pick("로그인하지 않았다면 두 링크는 먼저 로그인 화면으로 갑니다. ", "If you are not logged in, both links take you to log in first. ")}</li>
                    <li>{lang.pick("비밀번호 추측을 막는 장치는 접속 주소(IP)를 서버 메모리에만 두고 데이터베이스에는 저장하지 않습니다(서버를 다시 시작하면 사라집니다).",
                        "The guards against password guessing keep the address you connect from (IP) in the server's memory only, never in the database (a restart forgets it).")}</li>
                </ul>
            </section>
        </article>
    }
}
