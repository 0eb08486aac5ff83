// Each test target includes these modules and uses only part of them.
#[allow(dead_code)]
pub mod corpus;
#[allow(dead_code)]
pub mod generalise;
#[allow(dead_code)]
pub mod people;
#[allow(dead_code)]
pub mod schema;
