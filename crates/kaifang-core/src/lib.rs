//! Kaifang's domain: everything the desktop app and the `kaifang` CLI do, with no
//! dependency on Tauri or any UI, so that it builds and tests in seconds and both
//! hosts stay thin adapters over one library.
//!
//! Data flows through the modules top to bottom: [`workspace`] owns the SQLite file
//! and its audit log; later areas (import, profile, sensitive, metadata, review,
//! export, portal) are added beside it as modules of their own.

pub mod app;
pub mod audit;
pub mod backup;
pub mod bundle;
pub mod dataset;
pub mod error;
pub mod export;
pub mod import;
pub mod jobs;
pub mod metadata;
pub mod paths;
pub mod portal;
pub mod profile;
pub mod review;
pub mod sensitive;
pub mod workspace;

pub use error::{ErrorCode, ErrorPayload};
pub use workspace::{Workspace, WorkspaceError};

/// The version of this build, the single source of truth being the workspace's
/// `Cargo.toml`; the CLI's `--version` and the desktop About box both show it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
