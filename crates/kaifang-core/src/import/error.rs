//! Why an import did not happen. Every variant names the problem in a way the
//! clerk can act on (and the row or sheet where useful); none leaves anything
//! half-imported, since an import is one transaction.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::error::{params, Coded, ErrorCode};
use crate::workspace::WorkspaceError;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is empty")]
    EmptyFile { path: PathBuf },
    #[error("{path} is an Excel lock file, not a workbook")]
    LockFile { path: PathBuf },
    #[error("{path} is not a spreadsheet or text table")]
    NotATable { path: PathBuf },
    #[error("{path} is a workbook with a password")]
    Password { path: PathBuf },
    #[error("{path} is damaged or incomplete: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("{path} would expand to {expanded} bytes: refused as a zip bomb")]
    ZipBomb { path: PathBuf, expanded: u64 },
    #[error("{path} declares a part smaller than it is: refused as a zip bomb")]
    ZipSizeMismatch { path: PathBuf },
    /// `strings` when the count is over its limit, `None` when the bytes are.
    #[error("{path} has a shared-strings table of {size} bytes ({strings:?} strings), over the limits")]
    SharedStringsTooLarge { path: PathBuf, size: u64, strings: Option<u64>, limit_bytes: u64, limit_strings: u64 },
    #[error("{path} spans {cells} cells from first to last filled cell; at most {limit} for its format")]
    TooManyCells { path: PathBuf, cells: u64, limit: u64 },
    #[error("{path} is too large for its format ({size} bytes; at most {limit})")]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("the file has no sheet named {sheet}")]
    SheetNotFound { sheet: String },
    #[error("the workbook has no sheet with data")]
    NoSheets,
    #[error("sheet {sheet} has no data rows under its header")]
    NoRows { sheet: String },
    #[error("row {row} has more than {limit} columns ({columns} seen)")]
    TooManyColumns { row: u64, columns: usize, limit: usize },
    #[error("row {row}, column {column} holds {bytes} bytes; at most {limit} per cell")]
    CellTooLarge { row: u64, column: usize, bytes: usize, limit: usize },
    #[error("row {row} holds more than {limit} bytes of text")]
    RowTooLarge { row: u64, limit: usize },
    #[error("{path} expands to more than {limit} bytes of text (the file is {size} bytes)")]
    Expands { path: PathBuf, size: u64, limit: u64 },
    #[error("row {row} is not valid {encoding}: the file mixes text encodings")]
    MixedEncoding { row: u64, encoding: String },
    #[error("row {row} has {found} cells where the header has {expected} (ragged rows set to fail)")]
    Ragged { row: u64, found: usize, expected: usize },
    #[error("header row {row} is outside the sheet's first {available} rows")]
    HeaderRowOutOfRange { row: u64, available: u64 },
    #[error("this file was already imported as dataset {dataset} version {version}")]
    Duplicate { dataset: i64, dataset_name: String, version: i64 },
    #[error("no dataset {0}")]
    DatasetNotFound(String),
    #[error("several sheets cannot become versions of one dataset")]
    SheetsIntoOne,
    #[error("the import was cancelled")]
    Cancelled,
    /// A step run after the rows were stored (carrying the metadata over, the
    /// first personal-data scan) failed; the import rolled back. Keeps the step's
    /// own error, code and cause.
    #[error("{0}")]
    FollowUp(Box<dyn crate::error::CodedError>),
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
}

/// Whether a file could not be read because another program holds it open
/// without sharing it (Excel with the workbook open, on Windows: a sharing or
/// lock violation).
pub fn in_use(e: &std::io::Error) -> bool {
    cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33))
}

impl From<rusqlite::Error> for ImportError {
    fn from(e: rusqlite::Error) -> Self {
        ImportError::Workspace(WorkspaceError::Sqlite(e))
    }
}

impl Coded for ImportError {
    fn code(&self) -> ErrorCode {
        use ImportError as E;
        match self {
            E::Read { source, .. } if in_use(source) => ErrorCode::ImportFileInUse,
            E::Read { .. } => ErrorCode::ImportRead,
            E::EmptyFile { .. } => ErrorCode::ImportEmptyFile,
            E::LockFile { .. } => ErrorCode::ImportLockFile,
            E::NotATable { .. } => ErrorCode::ImportNotATable,
            E::Password { .. } => ErrorCode::ImportPassword,
            E::Corrupt { .. } => ErrorCode::ImportCorrupt,
            E::ZipBomb { .. } => ErrorCode::ImportZipBomb,
            E::ZipSizeMismatch { .. } => ErrorCode::ImportZipSizeMismatch,
            E::SharedStringsTooLarge { .. } => ErrorCode::ImportSharedStringsTooLarge,
            E::TooManyCells { .. } => ErrorCode::ImportTooManyCells,
            E::TooLarge { .. } => ErrorCode::ImportTooLarge,
            E::SheetNotFound { .. } => ErrorCode::ImportSheetNotFound,
            E::NoSheets => ErrorCode::ImportNoSheets,
            E::NoRows { .. } => ErrorCode::ImportNoRows,
            E::TooManyColumns { .. } => ErrorCode::ImportTooManyColumns,
            E::CellTooLarge { .. } => ErrorCode::ImportCellTooLarge,
            E::RowTooLarge { .. } => ErrorCode::ImportRowTooLarge,
            E::Expands { .. } => ErrorCode::ImportExpands,
            E::MixedEncoding { .. } => ErrorCode::ImportMixedEncoding,
            E::Ragged { .. } => ErrorCode::ImportRagged,
            E::HeaderRowOutOfRange { .. } => ErrorCode::ImportHeaderRow,
            E::Duplicate { .. } => ErrorCode::ImportDuplicate,
            E::DatasetNotFound(_) => ErrorCode::DatasetNotFound,
            E::Cancelled => ErrorCode::Cancelled,
            E::SheetsIntoOne => ErrorCode::ImportSheetsIntoOne,
            E::FollowUp(e) => e.code(),
            E::Workspace(e) => e.code(),
        }
    }

    fn params(&self) -> BTreeMap<String, String> {
        use ImportError as E;
        let p = |path: &PathBuf| path.display().to_string();
        match self {
            E::Read { path, .. }
            | E::EmptyFile { path }
            | E::LockFile { path }
            | E::NotATable { path }
            | E::Password { path }
            | E::Corrupt { path, .. }
            | E::ZipSizeMismatch { path } => params([("path", p(path))]),
            E::SharedStringsTooLarge { path, size, strings, limit_bytes, limit_strings } => params([
                ("path", p(path)),
                ("size_mb", (size >> 20).to_string()),
                ("limit_mb", (limit_bytes >> 20).to_string()),
                ("strings", strings.map(|n| n.to_string()).unwrap_or_default()),
                ("limit_strings", limit_strings.to_string()),
            ]),
            E::TooManyCells { path, cells, limit } => {
                params([("path", p(path)), ("cells", cells.to_string()), ("limit", limit.to_string())])
            }
            E::ZipBomb { path, expanded } => params([("path", p(path)), ("expanded_mb", (expanded >> 20).to_string())]),
            E::TooLarge { path, size, limit } => params([
                ("path", p(path)),
                ("size_mb", (size >> 20).to_string()),
                ("limit_mb", (limit >> 20).to_string()),
            ]),
            E::SheetNotFound { sheet } | E::NoRows { sheet } => params([("sheet", sheet.clone())]),
            E::NoSheets | E::Cancelled | E::SheetsIntoOne => BTreeMap::new(),
            E::TooManyColumns { row, columns, limit } => {
                params([("row", row.to_string()), ("columns", columns.to_string()), ("limit", limit.to_string())])
            }
            E::RowTooLarge { row, limit } => {
                params([("row", row.to_string()), ("limit_mb", (limit >> 20).to_string())])
            }
            E::Expands { path, size, limit } => params([
                ("file", path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()),
                ("size_kb", (size >> 10).to_string()),
                ("limit_mb", (limit >> 20).to_string()),
            ]),
            E::CellTooLarge { row, column, bytes, limit } => params([
                ("row", row.to_string()),
                ("column", column.to_string()),
                ("size_kb", (bytes >> 10).to_string()),
                ("limit_kb", (limit >> 10).to_string()),
            ]),
            E::MixedEncoding { row, encoding } => params([("row", row.to_string()), ("encoding", encoding.clone())]),
            E::Ragged { row, found, expected } => {
                params([("row", row.to_string()), ("found", found.to_string()), ("expected", expected.to_string())])
            }
            E::HeaderRowOutOfRange { row, available } => {
                params([("row", row.to_string()), ("available", available.to_string())])
            }
            E::Duplicate { dataset, dataset_name, version } => params([
                ("dataset", dataset.to_string()),
                ("name", dataset_name.clone()),
                ("version", version.to_string()),
            ]),
            E::DatasetNotFound(d) => params([("dataset", d.clone())]),
            E::FollowUp(e) => e.params(),
            E::Workspace(e) => e.params(),
        }
    }
}
