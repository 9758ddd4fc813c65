//! District programmes: what a resident or a local business would get and how to apply. The SME
//! development-fund loan (`loan`: eligibility and the repayment schedule), the veterans' honour
//! allowance (`allowance`), both as rules with effective dates (`rules`: next year's rate or amount
//! is a new row); applications with their documents and states (`applications`, `ports`); and the
//! social economy (`social`: the thrift store and the self-support café).

pub mod social;
