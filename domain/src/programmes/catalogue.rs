//! Every programme as `/programmes` and `GET /api/v1/programmes` list it: who it is for and what
//! it gives, in Korean and English. The amounts come from the rule rows.

use super::rules::{allowance_on, loan_rules, ALLOWANCE_RULES};
use super::won;
use crate::calendar::IsoDate;
use crate::Lang;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProgrammeInfo {
    pub slug: &'static str,
    pub name_ko: &'static str,
    pub name_en: &'static str,
    pub for_ko: &'static str,
    pub for_en: &'static str,
    /// What it gives, from this year's rules.
    pub gives_ko: String,
    pub gives_en: String,
}

impl ProgrammeInfo {
    pub fn name(&self, lang: Lang) -> &'static str {
        lang.pick(self.name_ko, self.name_en)
    }

    pub fn for_whom(&self, lang: Lang) -> &'static str {
        lang.pick(self.for_ko, self.for_en)
    }

    pub fn gives(&self, lang: Lang) -> &str {
        lang.pick(&self.gives_ko, &self.gives_en)
    }

    pub fn page(&self) -> String {
        format!("/programmes/{}", self.slug)
    }
}

/// The programmes as of `today`.
pub fn catalogue(today: IsoDate) -> Vec<ProgrammeInfo> {
    let mut out = Vec::new();
    if let Some(rules) = loan_rules(today.year()).or_else(|| loan_rules(today.year() - 1)) {
        out.push(ProgrammeInfo {
            slug: "sme-loan",
            name_ko: "중소기업 육성자금 융자",
            name_en: "SME development-fund loan",
            for_ko: "구 안에서 영업하는 중소기업과 소상공인",
            for_en: "Small and medium enterprises and small business owners operating in the district",
            gives_ko: format!(
                "시설·운영자금 업체당 최대 {}(신용보증서 담보는 {}), 연 {}, 1년 거치 4년 균등분할상환",
                won(rules.cap_krw, Lang::Ko), won(rules.guarantee_cap_krw, Lang::Ko), rules.rate_text()
            ),
            gives_en: format!(
                "Facility or operating funds up to {} per company ({} against a credit-guarantee certificate), {} a year, 1 year's grace then 4 years of equal instalments",
                won(rules.cap_krw, Lang::En), won(rules.guarantee_cap_krw, Lang::En), rules.rate_text()
            ),
        });
    }
    if let Some(a) = allowance_on(ALLOWANCE_RULES, today) {
        out.push(ProgrammeInfo {
            slug: "veterans-allowance",
            name_ko: "보훈예우수당",
            name_en: "Veterans' honour allowance",
            for_ko: "구에 사는 등록 국가유공자",
            for_en: "Registered national veterans living in the district",
            gives_ko: format!("매월 {}, 설·추석·6월 호국보훈의 달에 위문금 {}, 사망 시 유족에게 조위금 {}", won(a.monthly_krw, Lang::Ko), won(a.consolation_krw, Lang::Ko), won(a.condolence_krw, Lang::Ko)),
            gives_en: format!(
                "{} a month, {} at Lunar New Year, Chuseok and in Veterans' Month (June), {} to the bereaved family",
                won(a.monthly_krw, Lang::En), won(a.consolation_krw, Lang::En), won(a.condolence_krw, Lang::En)
            ),
        });
    }
    out.push(ProgrammeInfo {
        slug: "thrift-store",
        name_ko: super::social::thrift::NAME_KO,
        name_en: super::social::thrift::NAME_EN,
        for_ko: "물건을 기부하거나 싸게 사려는 모든 주민",
        for_en: "Every resident who wants to donate things or buy them cheaply",
        gives_ko: "디지털로 435(대림1동 주민센터 근처), 월–토 10:00–19:00. 기부 물품 방문 예약, 기부금 영수증 신청".into(),
        gives_en: "435 Digital-ro (near Daerim 1-dong community centre), Monday–Saturday 10:00–19:00. Book a donation drop-off, ask for a donation receipt".into(),
    });
    out.push(ProgrammeInfo {
        slug: "coffee-jigi",
        name_ko: "커피지기 자활카페",
        name_en: "Coffee Jigi self-support café",
        for_ko: "모든 주민과 회의·워크숍을 여는 단체",
        for_en: "Every resident, and groups holding meetings and workshops",
        gives_ko: "푸드트럭 매일 10:00–17:00 안산자락길 쉼터, 카페 평일 09:00–18:00 50플러스센터·자활센터. 단체 케이터링 신청".into(),
        gives_en: "Food truck daily 10:00–17:00 by the Ansan Jarak-gil rest area; café weekdays 09:00–18:00 at the 50 Plus Center and the self-support centre. Catering for groups".into(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_years_figures_are_in_the_list() {
        let list = catalogue(IsoDate::parse("2026-11-24").unwrap());
        assert_eq!(list.iter().map(|p| p.slug).collect::<Vec<_>>(), ["sme-loan", "veterans-allowance", "thrift-store", "coffee-jigi"]);
        assert!(list[0].gives_ko.contains("150,000,000원") && list[0].gives_en.contains("1.5%"));
        assert!(list[1].gives_en.contains("KRW 50,000 a month"));
    }
}
