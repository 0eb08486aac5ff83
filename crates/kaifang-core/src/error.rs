//! Errors as they cross a process edge (IPC, CLI `--json`).
//!
//! Each area has its own `thiserror` enum so callers can tell failures apart and
//! keep the `source()` chain. At the edge an error becomes an [`ErrorPayload`]: a
//! stable [`ErrorCode`] that the UI and CLI translate, the parameters the
//! translation needs, and an English technical message for logs and support.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Stable identifiers of every failure a user can meet. The UI and the CLI keep a
/// translated message for each (tests check that none is missing); never rename
/// one, since bundles and logs written by older versions carry them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No workspace file at the given path (for commands that do not create one).
    WorkspaceMissing,
    /// The folder for the workspace could not be created.
    WorkspaceCreateDir,
    /// The file exists but is not a SQLite database.
    WorkspaceNotADatabase,
    /// The file is a SQLite database that some other program made.
    WorkspaceForeign,
    /// The workspace was written by a newer Kaifang.
    WorkspaceNewerSchema,
    /// Another program holds the workspace locked for longer than the busy timeout.
    WorkspaceBusy,
    /// The file or its folder is read-only.
    WorkspaceReadOnly,
    /// The disk holding the workspace is full.
    WorkspaceDiskFull,
    /// SQLite reports the file as damaged.
    WorkspaceCorrupt,
    /// Any other database failure.
    Database,
    /// A file-system failure outside the database.
    Io,
    /// The file to import could not be read.
    ImportRead,
    /// The file to import is empty.
    ImportEmptyFile,
    /// The file is Excel's lock file (`~$…`), not the workbook.
    ImportLockFile,
    /// The file is neither a spreadsheet nor a text table.
    ImportNotATable,
    /// The workbook is protected by a password.
    ImportPassword,
    /// The workbook is damaged or incomplete.
    ImportCorrupt,
    /// The workbook would expand to an unreasonable size.
    ImportZipBomb,
    /// The file is larger than its format can be read safely.
    ImportTooLarge,
    /// The requested sheet does not exist.
    ImportSheetNotFound,
    /// No sheet of the workbook holds data.
    ImportNoSheets,
    /// The table has a header but no data rows.
    ImportNoRows,
    /// More columns than a dataset can hold.
    ImportTooManyColumns,
    /// One cell holds more text than is supported.
    ImportCellTooLarge,
    /// The file mixes text encodings.
    ImportMixedEncoding,
    /// A row has a different number of cells and ragged rows are set to fail.
    ImportRagged,
    /// The header row asked for is outside the sheet.
    ImportHeaderRow,
    /// The same file was imported before.
    ImportDuplicate,
    /// Several sheets were to become versions of one dataset.
    ImportSheetsIntoOne,
    /// No dataset with that id or name.
    DatasetNotFound,
    /// The dataset has no such version.
    VersionNotFound,
    /// The dataset has no such column.
    ColumnNotFound,
    /// The user cancelled the operation; nothing was kept.
    Cancelled,
    /// The web view referred to a file the user has not chosen (or no longer has).
    FileNotChosen,
    /// One or more metadata values are not acceptable; nothing was saved.
    MetadataInvalid,
    /// Keeping a personal column unmasked needs a written reason.
    PolicyReasonRequired,
    /// The operator cannot apply to that column (redact on a non-text column).
    PolicyOperatorNotApplicable,
    /// An office masking convention cannot be set that way (keep, or too many
    /// characters left visible).
    ConventionNotApplicable,
    /// The egress gate found identifiers in a public artifact: nothing was written
    /// or uploaded.
    EgressBlocked,
    /// The acting user is not a user of this workspace.
    UserUnknown,
    /// A user name is empty, too long or has control characters.
    UserInvalidName,
    /// The user lacks the role the action needs.
    RoleMissing,
    /// The action does not apply in the dataset's current state.
    ReviewWrongState,
    /// Submission needs complete, valid metadata.
    ReviewMetadataIncomplete,
    /// Submission needs every personal column masked or justified.
    ReviewPersonalDataUnhandled,
    /// A dataset marked not open can never be published.
    ReviewNotOpen,
    /// A clerk cannot approve their own submission here.
    ReviewSelfApproval,
    /// Returning a submission needs a comment.
    ReviewCommentRequired,
    /// The bundle file is not a readable zip, or is cut short.
    BundleCorrupt,
    /// A file in the bundle does not match the manifest's size or SHA-256.
    BundleTampered,
    /// The bundle holds a member outside its allow-list (a `../` path, a duplicate name …).
    BundleUnsafePath,
    /// The bundle declares more bytes than Kaifang will unpack.
    BundleTooLarge,
    /// The bundle was written by a newer Kaifang.
    BundleNewerFormat,
    /// The bundle's dataset is already approved here in a different form.
    BundleConflict,
    /// A decision is about content that has changed since it was sent.
    BundleStaleDecision,
    /// Nothing to put in a bundle, or nothing in it.
    BundleEmpty,
    /// No portal of that name is set up (or several are and none was named).
    PortalUnknown,
    /// The portal address is not an http(s) URL.
    PortalInvalidUrl,
    /// The portal's name is empty or too long.
    PortalInvalidName,
    /// No API token for the portal is in the keyring.
    PortalTokenMissing,
    /// The OS keyring cannot be reached.
    KeyringUnavailable,
    /// The portal cannot be reached (network, DNS, refused).
    PortalUnreachable,
    /// The portal did not answer in time.
    PortalTimeout,
    /// The portal failed on its side (HTTP 5xx or 429).
    PortalServerError,
    /// The portal refused the token (HTTP 403).
    PortalForbidden,
    /// The portal does not have what was asked for.
    PortalNotFound,
    /// The dataset's name is taken on the portal by another dataset.
    PortalNameTaken,
    /// The portal refused a file as too large.
    PortalTooLarge,
    /// The portal rejected what was sent; its message says why.
    PortalValidation,
    /// The organisation does not exist or the token may not publish to it.
    PortalOrgUnknown,
    /// The portal's answer was not understood.
    PortalBadResponse,
    /// The portal's schema requires fields the dataset does not have.
    PortalSchemaFields,
    /// The dataset is not approved, or changed after approval.
    PublishNotApproved,
    /// A backup could not be written (full or read-only disk, drive gone).
    BackupFailed,
    /// The file chosen for a restore is not a whole Kaifang workspace.
    RestoreInvalid,
    /// A bug: something the program assumed did not hold.
    Internal,
}

impl ErrorCode {
    /// Every code, for tests that check each has a translation.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::WorkspaceMissing,
        ErrorCode::WorkspaceCreateDir,
        ErrorCode::WorkspaceNotADatabase,
        ErrorCode::WorkspaceForeign,
        ErrorCode::WorkspaceNewerSchema,
        ErrorCode::WorkspaceBusy,
        ErrorCode::WorkspaceReadOnly,
        ErrorCode::WorkspaceDiskFull,
        ErrorCode::WorkspaceCorrupt,
        ErrorCode::Database,
        ErrorCode::Io,
        ErrorCode::ImportRead,
        ErrorCode::ImportEmptyFile,
        ErrorCode::ImportLockFile,
        ErrorCode::ImportNotATable,
        ErrorCode::ImportPassword,
        ErrorCode::ImportCorrupt,
        ErrorCode::ImportZipBomb,
        ErrorCode::ImportTooLarge,
        ErrorCode::ImportSheetNotFound,
        ErrorCode::ImportNoSheets,
        ErrorCode::ImportNoRows,
        ErrorCode::ImportTooManyColumns,
        ErrorCode::ImportCellTooLarge,
        ErrorCode::ImportMixedEncoding,
        ErrorCode::ImportRagged,
        ErrorCode::ImportHeaderRow,
        ErrorCode::ImportDuplicate,
        ErrorCode::ImportSheetsIntoOne,
        ErrorCode::DatasetNotFound,
        ErrorCode::VersionNotFound,
        ErrorCode::ColumnNotFound,
        ErrorCode::Cancelled,
        ErrorCode::FileNotChosen,
        ErrorCode::MetadataInvalid,
        ErrorCode::PolicyReasonRequired,
        ErrorCode::PolicyOperatorNotApplicable,
        ErrorCode::ConventionNotApplicable,
        ErrorCode::EgressBlocked,
        ErrorCode::UserUnknown,
        ErrorCode::UserInvalidName,
        ErrorCode::RoleMissing,
        ErrorCode::ReviewWrongState,
        ErrorCode::ReviewMetadataIncomplete,
        ErrorCode::ReviewPersonalDataUnhandled,
        ErrorCode::ReviewNotOpen,
        ErrorCode::ReviewSelfApproval,
        ErrorCode::ReviewCommentRequired,
        ErrorCode::BundleCorrupt,
        ErrorCode::BundleTampered,
        ErrorCode::BundleUnsafePath,
        ErrorCode::BundleTooLarge,
        ErrorCode::BundleNewerFormat,
        ErrorCode::BundleConflict,
        ErrorCode::BundleStaleDecision,
        ErrorCode::BundleEmpty,
        ErrorCode::PortalUnknown,
        ErrorCode::PortalInvalidUrl,
        ErrorCode::PortalInvalidName,
        ErrorCode::PortalTokenMissing,
        ErrorCode::KeyringUnavailable,
        ErrorCode::PortalUnreachable,
        ErrorCode::PortalTimeout,
        ErrorCode::PortalServerError,
        ErrorCode::PortalForbidden,
        ErrorCode::PortalNotFound,
        ErrorCode::PortalNameTaken,
        ErrorCode::PortalTooLarge,
        ErrorCode::PortalValidation,
        ErrorCode::PortalOrgUnknown,
        ErrorCode::PortalBadResponse,
        ErrorCode::PortalSchemaFields,
        ErrorCode::PublishNotApproved,
        ErrorCode::BackupFailed,
        ErrorCode::RestoreInvalid,
        ErrorCode::Internal,
    ];

    /// The code as it appears on the wire (`workspace_newer_schema`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::WorkspaceMissing => "workspace_missing",
            ErrorCode::WorkspaceCreateDir => "workspace_create_dir",
            ErrorCode::WorkspaceNotADatabase => "workspace_not_a_database",
            ErrorCode::WorkspaceForeign => "workspace_foreign",
            ErrorCode::WorkspaceNewerSchema => "workspace_newer_schema",
            ErrorCode::WorkspaceBusy => "workspace_busy",
            ErrorCode::WorkspaceReadOnly => "workspace_read_only",
            ErrorCode::WorkspaceDiskFull => "workspace_disk_full",
            ErrorCode::WorkspaceCorrupt => "workspace_corrupt",
            ErrorCode::Database => "database",
            ErrorCode::Io => "io",
            ErrorCode::ImportRead => "import_read",
            ErrorCode::ImportEmptyFile => "import_empty_file",
            ErrorCode::ImportLockFile => "import_lock_file",
            ErrorCode::ImportNotATable => "import_not_a_table",
            ErrorCode::ImportPassword => "import_password",
            ErrorCode::ImportCorrupt => "import_corrupt",
            ErrorCode::ImportZipBomb => "import_zip_bomb",
            ErrorCode::ImportTooLarge => "import_too_large",
            ErrorCode::ImportSheetNotFound => "import_sheet_not_found",
            ErrorCode::ImportNoSheets => "import_no_sheets",
            ErrorCode::ImportNoRows => "import_no_rows",
            ErrorCode::ImportTooManyColumns => "import_too_many_columns",
            ErrorCode::ImportCellTooLarge => "import_cell_too_large",
            ErrorCode::ImportMixedEncoding => "import_mixed_encoding",
            ErrorCode::ImportRagged => "import_ragged",
            ErrorCode::ImportHeaderRow => "import_header_row",
            ErrorCode::ImportDuplicate => "import_duplicate",
            ErrorCode::ImportSheetsIntoOne => "import_sheets_into_one",
            ErrorCode::DatasetNotFound => "dataset_not_found",
            ErrorCode::VersionNotFound => "version_not_found",
            ErrorCode::ColumnNotFound => "column_not_found",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::FileNotChosen => "file_not_chosen",
            ErrorCode::MetadataInvalid => "metadata_invalid",
            ErrorCode::PolicyReasonRequired => "policy_reason_required",
            ErrorCode::PolicyOperatorNotApplicable => "policy_operator_not_applicable",
            ErrorCode::ConventionNotApplicable => "convention_not_applicable",
            ErrorCode::EgressBlocked => "egress_blocked",
            ErrorCode::UserUnknown => "user_unknown",
            ErrorCode::UserInvalidName => "user_invalid_name",
            ErrorCode::RoleMissing => "role_missing",
            ErrorCode::ReviewWrongState => "review_wrong_state",
            ErrorCode::ReviewMetadataIncomplete => "review_metadata_incomplete",
            ErrorCode::ReviewPersonalDataUnhandled => "review_personal_data_unhandled",
            ErrorCode::ReviewNotOpen => "review_not_open",
            ErrorCode::ReviewSelfApproval => "review_self_approval",
            ErrorCode::ReviewCommentRequired => "review_comment_required",
            ErrorCode::BundleCorrupt => "bundle_corrupt",
            ErrorCode::BundleTampered => "bundle_tampered",
            ErrorCode::BundleUnsafePath => "bundle_unsafe_path",
            ErrorCode::BundleTooLarge => "bundle_too_large",
            ErrorCode::BundleNewerFormat => "bundle_newer_format",
            ErrorCode::BundleConflict => "bundle_conflict",
            ErrorCode::BundleStaleDecision => "bundle_stale_decision",
            ErrorCode::BundleEmpty => "bundle_empty",
            ErrorCode::PortalUnknown => "portal_unknown",
            ErrorCode::PortalInvalidUrl => "portal_invalid_url",
            ErrorCode::PortalInvalidName => "portal_invalid_name",
            ErrorCode::PortalTokenMissing => "portal_token_missing",
            ErrorCode::KeyringUnavailable => "keyring_unavailable",
            ErrorCode::PortalUnreachable => "portal_unreachable",
            ErrorCode::PortalTimeout => "portal_timeout",
            ErrorCode::PortalServerError => "portal_server_error",
            ErrorCode::PortalForbidden => "portal_forbidden",
            ErrorCode::PortalNotFound => "portal_not_found",
            ErrorCode::PortalNameTaken => "portal_name_taken",
            ErrorCode::PortalTooLarge => "portal_too_large",
            ErrorCode::PortalValidation => "portal_validation",
            ErrorCode::PortalOrgUnknown => "portal_org_unknown",
            ErrorCode::PortalBadResponse => "portal_bad_response",
            ErrorCode::PortalSchemaFields => "portal_schema_fields",
            ErrorCode::PublishNotApproved => "publish_not_approved",
            ErrorCode::BackupFailed => "backup_failed",
            ErrorCode::RestoreInvalid => "restore_invalid",
            ErrorCode::Internal => "internal",
        }
    }
}

/// What crosses IPC and what `--json` prints on stderr for a failure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ErrorPayload {
    /// What went wrong, for the UI to branch on and translate.
    pub code: ErrorCode,
    /// English technical detail for logs and support; never shown as the main text.
    pub message: String,
    /// Values the translated message interpolates (`{path}`, `{found}` …).
    pub params: BTreeMap<String, String>,
}

/// Implemented by every area's error enum.
pub trait Coded: std::error::Error {
    fn code(&self) -> ErrorCode;
    /// Parameters for the translated message. Must never hold personal data or
    /// secrets: payloads are logged.
    fn params(&self) -> BTreeMap<String, String> {
        BTreeMap::new()
    }
    fn payload(&self) -> ErrorPayload {
        // The chain of sources gives support the whole story in one line.
        let mut message = self.to_string();
        let mut source = self.source();
        while let Some(s) = source {
            let s_text = s.to_string();
            if !message.contains(&s_text) {
                message.push_str(": ");
                message.push_str(&s_text);
            }
            source = s.source();
        }
        ErrorPayload { code: self.code(), message, params: self.params() }
    }
}

/// At the edges (IPC, CLI) any area's error becomes its payload with `?`.
impl<E: Coded> From<E> for ErrorPayload {
    fn from(e: E) -> Self {
        e.payload()
    }
}

/// A coded error that can cross threads: what [`crate::import::ImportError::FollowUp`]
/// keeps of a follow-up step's failure.
pub trait CodedError: Coded + Send + Sync + 'static {}
impl<T: Coded + Send + Sync + 'static> CodedError for T {}

/// Builds a parameter map from pairs; keeps the call sites short.
pub fn params<const N: usize>(pairs: [(&str, String); N]) -> BTreeMap<String, String> {
    pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_serde() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).expect("serialise code");
            assert_eq!(json, serde_json::Value::String(code.as_str().into()), "as_str and serde disagree for {code:?}");
        }
    }
}
