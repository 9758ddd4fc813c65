//! District programmes in the pages: `/programmes`, one page per programme, the application flows
//! (one question per page), `/me/applications` and the staff review. The social economy's pages
//! are in `social`.

pub mod social;
