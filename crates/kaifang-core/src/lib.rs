//! Kaifang's domain: everything the desktop app and the `kaifang` CLI do, with no
//! dependency on Tauri or any UI, so that it builds and tests in seconds and both
//! hosts stay thin adapters over one library.
//!
//! The modules form layers; a module uses only the ones in layers below it
//! (`tests/layering.rs` fails on any import cycle and on an upward use):
//!
//! | layer | modules | |
//! |---|---|---|
//! | 0 | `error`, `clock`, `paths`, `jobs`, `app`, [`fold`] | leaves (with text folding) |
//! | 1 | [`audit`], [`divisions`] | the hash-chained audit log; the shipped division list |
//! | 2 | [`workspace`] (with [`backup`]) | the SQLite file, its schema and copies |
//! | 3 | [`profile`], [`lifecycle`], [`auth`] | column statistics; a dataset's status and the edit rule; people, passphrases and keys |
//! | 4 | [`dataset`] | reading datasets back |
//! | 5 | [`import`] | files into tables |
//! | 6 | [`sensitive`] | personal data and masking |
//! | 7 | [`metadata`] | catalogue metadata and the submit checklist |
//! | 8 | [`export`], [`readiness`], [`overview`] | the one exit: public copies through the egress gate; readiness checks; the office overview |
//! | 9 | [`clean`] | cleaning steps, their history and recipes |
//! | 10 | [`review`], [`pipeline`] | submit/approve/return; import with its follow-ups |
//! | 11 | [`bundle`], [`portal`] | offline exchange; publishing |
//! | 12 | [`catalog`] | the harvestable DCAT-AP catalogue in a folder |

pub mod app;
pub mod audit;
pub mod auth;
pub mod bundle;
pub mod catalog;
pub mod clean;
pub mod clock;
pub mod dataset;
pub mod divisions;
pub mod error;
pub mod export;
pub mod fold;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod jobs;
pub mod lifecycle;
pub mod metadata;
pub mod overview;
pub mod paths;
pub mod pipeline;
pub mod portal;
pub mod profile;
pub mod readiness;
pub mod review;
pub mod sensitive;
pub mod workspace;

pub use error::{ErrorCode, ErrorPayload};
pub use workspace::{backup, Workspace, WorkspaceError};

/// The version of this build, the single source of truth being the workspace's
/// `Cargo.toml`; the CLI's `--version` and the desktop About box both show it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
