//! Tauri commands, one file per area (the areas of `ipc_table.rs`). Each
//! unpacks its arguments, looks the dataset up once (the core takes ids), calls
//! the core and returns its result or its error as `{code, message, params}`
//! (`?` converts any area's error). They are `async` and run their work on the
//! blocking pool, never on the UI thread.

pub mod app;
pub mod backup;
pub mod bundles;
pub mod clean;
pub mod datasets;
pub mod import;
pub mod keys;
pub mod metadata;
pub mod publish;
pub mod review;
pub mod sensitive;

use kaifang_core::dataset::{self, DatasetId};
use kaifang_core::{ErrorPayload, Workspace};

use crate::state::internal;

/// Runs blocking work off the async runtime's threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ErrorPayload> + Send + 'static,
) -> Result<T, ErrorPayload> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(internal)?
}

/// The dataset the web view named (an id, or a name), looked up once here at
/// the edge.
pub(crate) fn id(ws: &Workspace, key: &str) -> Result<DatasetId, ErrorPayload> {
    Ok(dataset::resolve(ws.conn(), key)?)
}

/// A file-system failure at the edge (writing a file the user chose).
pub(crate) fn io_error(path: &std::path::Path, e: std::io::Error) -> ErrorPayload {
    ErrorPayload {
        code: kaifang_core::ErrorCode::Io,
        message: e.to_string(),
        params: [("path".to_owned(), path.display().to_string())].into(),
    }
}
