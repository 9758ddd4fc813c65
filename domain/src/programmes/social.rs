//! The social economy: Yeonghee's Thrift Store (donation drop-offs, donation receipts) and the
//! Coffee Jigi self-support café (menu, the food truck's place, catering requests).
