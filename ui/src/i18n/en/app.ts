// The English messages of the app, its shell and workspace, first run, and every error,
// typed as the Chinese ones (../zh-CN/app.ts).

import type { AppMessages } from '../zh-CN/app'

const messages: AppMessages = {
  app: {
    name: '开放 Kaifang',
    version: 'Version {version}',
  },
  nav: {
    label: 'Main navigation',
    overview: 'Overview',
    datasets: 'Datasets',
    review: 'Review',
    publish: 'Publish',
    settings: 'Settings',
    help: 'Help',
    collapse: 'Collapse navigation',
    expand: 'Expand navigation',
  },
  help: {
    intro: 'This guide comes with the app and works offline. Press F1 to open it at any time.',
  },
  shell: {
    workspace: 'Workspace',
    noWorkspace: 'No workspace open',
    otherLanguage: '中文',
    switchLanguage: 'Switch to Chinese',
  },
  common: {
    none: '—',
  },
  errorParams: {
    inDataset: '“{dataset}”: {text}',
    listSeparator: ', ',
    roles: {
      clerk: 'clerk',
      steward: 'steward',
    },
    actions: {
      submit: 'submitted',
      approve: 'approved',
      return: 'returned',
      publish: 'published',
      bundle: 'bundled',
      send_back: 'sent back',
    },
  },
  firstRun: {
    title: 'Welcome to Kaifang',
    intro: 'A few questions and Kaifang is ready for your office. Everything asked here can be changed later in Settings.',
    steps: {
      language: 'Language',
      office: 'Office',
      user: 'User',
      contact: 'Contact',
      key: 'Office key',
      portal: 'Portal',
    },
    stepLabel: 'Step {step} of {total}: {name}',
    next: 'Next',
    back: 'Back',
    skip: 'Skip, fill in later in Settings',
    finish: 'Finish',
    language: {
      title: 'Language',
      intro: 'The language Kaifang speaks. It applies at once, and the button at the top right switches it any time.',
    },
    office: {
      title: 'Your office',
      intro: 'The office’s name and area become the provider and area of every dataset imported from now on, so they need not be typed each time.',
      name: 'Office name',
      namePlaceholder: 'e.g. 某某县民政局',
      nameHelp: 'The full name: the public sees it on the portal.',
      region: 'Area',
    },
    user: {
      title: 'Who uses this PC',
      intro: 'Kaifang records who did each step. Give your name and role, and set your own passphrase: it is asked every time you use Kaifang. Colleagues can be added later under Settings, Users and roles.',
      done: 'User {name} ({roles}) added; you are now acting as them.',
      skipWhy: 'Before skipping the rest, one user is needed: every action in Kaifang is signed, and unsigned actions are of no use in review and audit. Everything else can be filled in later in Settings.',
      roleSeparator: ', ',
      firstSteward: 'As the first user of this workspace you are also its steward: you add colleagues, reset their passphrases and manage office keys.',
    },
    key: {
      title: 'Your steward’s office key (optional)',
      intro:
        'If your steward works on another PC, import the office key file they give you (.kaifang-key), so that the bundles you submit are encrypted to the steward and the steward’s decisions are recognised here.',
      later: 'No key file yet? Skip this step and import it later under Settings › Office keys. Not needed when the steward works on this PC.',
      skip: 'Skip this step',
      trusted: 'Trusted: the office key of {name}, fingerprint',
    },
    contact: {
      title: 'Contact',
      intro: 'Where the public can ask about the data; filled into every dataset imported from now on. Give a section and an office phone, not a person’s name or mobile number.',
      name: 'Contact office',
      namePlaceholder: 'e.g. 某某县民政局办公室',
      phone: 'Contact phone',
      phonePlaceholder: 'e.g. 0851-12345678',
      email: 'Contact email',
      emailPlaceholder: 'The office’s shared mailbox, not a personal one',
      saveFailed: 'The office details could not be saved',
    },
    portal: {
      title: 'Open data portal (optional)',
      intro: 'Where datasets are published. Without the portal’s address or an API token yet, skip this; it can be set later in Settings.',
      test: 'Test connection',
      skip: 'Skip, no portal now',
      incomplete: 'Fill in the portal’s name, address, organisation and API token, or clear them to skip this step.',
    },
    finished: 'All set. Import your first spreadsheet to begin.',
    skippedSaveFailed: 'The office details were not saved: {reason} Please fill them in later in Settings.',
  },
  unsaved: {
    title: 'Unsaved changes',
    message: '{count} changes are not saved yet. Save them first?',
    save: 'Save',
    discard: 'Don’t save',
  },
  workspaceError: {
    title: 'The workspace could not be opened',
    support: 'Technical details (for support):',
  },
  errors: {
    workspace_missing:
      'The workspace file {path} was not found. Check that it has not been moved or deleted; if you do not know where it is, ask your administrator.',
    workspace_create_dir:
      'The folder {path} for the workspace could not be created. Check that you may save files there, or ask your administrator to choose another place.',
    workspace_not_a_database: 'The file {path} is not a Kaifang workspace. Check that you opened the right file.',
    workspace_foreign:
      'The file {path} belongs to another program and is not a Kaifang workspace. Kaifang leaves it untouched so as not to damage it. Choose the right workspace file.',
    workspace_newer_schema:
      'This workspace was made by a newer Kaifang (version {found}); this one reads up to version {supported}. Update Kaifang, then open it again.',
    workspace_busy:
      'Another program is using the workspace (perhaps another Kaifang window or the command-line tool is saving). Wait a moment and try again.',
    workspace_read_only:
      'The workspace file or its folder is read-only, so changes cannot be saved. Check the file permissions, or move the workspace somewhere you can write.',
    workspace_disk_full: 'The disk holding the workspace is full. Free some space and try again.',
    workspace_corrupt:
      'The workspace file is damaged. Stop using it: make a copy as a backup, then contact support to recover the data.',
    database: 'Reading or writing the workspace failed. Try again; if it keeps happening, contact support.',
    io: 'Reading or writing a file failed. Check that the file exists and that you may open it, then try again.',
    import_read:
      '{path} could not be read. Check that the file exists and is not open exclusively in another program (such as Excel); close it and try again.',
    import_file_in_use: '{path} is open in another program (such as Excel). Close it there and try again.',
    import_empty_file: '{path} is empty: there is nothing to import. Check that you chose the right file.',
    import_lock_file:
      '{path} is the temporary lock file Excel makes while a workbook is open, not the workbook itself. Choose the file without “~$” in its name.',
    import_not_a_table:
      '{path} is not a spreadsheet or a text table. Kaifang reads Excel (XLSX, XLSM, XLSB, XLS), ODS and CSV/TXT; save it in one of these formats and import that.',
    import_password:
      '{path} is protected by a password. Open it in Excel, remove the password (File › Info › Protect Workbook) and import again.',
    import_corrupt: '{path} is damaged or incomplete. Open it in Excel or WPS, save a new copy and import that.',
    import_zip_bomb:
      '{path} would expand to about {expanded_mb} MB and was refused as unsafe. Check where the file came from; if you need it, save it as CSV and import that.',
    import_zip_size_mismatch:
      '{path} declares a part smaller than it really is, a trick used to slip oversized data past safety checks, so it was refused. Open it in Excel, save it again, and import the new file.',
    import_shared_strings_too_large:
      '{path} holds more distinct texts than Kaifang can read at once (at most {limit_mb} MB or {limit_strings} texts). Save it as CSV in Excel, or split it into smaller workbooks, and import those.',
    import_too_many_cells:
      '{path} spans {cells} cells from its first to its last filled cell; Kaifang reads XLS and ODS files of at most {limit} cells. Delete stray cells far from the table, or save it as XLSX or CSV, and import that.',
    import_too_large:
      '{path} is {size_mb} MB; this format can be read safely only up to {limit_mb} MB. Save it as XLSX or CSV in Excel and import that.',
    import_sheet_not_found: 'The workbook has no sheet named “{sheet}”. Choose the sheet again from the list.',
    import_no_sheets:
      'No sheet of the workbook holds any data. Check that you chose the right file, or unhide the sheets in Excel and import again.',
    import_no_rows:
      '“{sheet}” has a header but no data rows under it. Check that the right header row is chosen, or choose another sheet.',
    import_too_many_columns:
      'Row {row} has more than {limit} columns; Kaifang handles at most {limit}. Check that this is a table, or split it into several.',
    import_cell_too_large:
      'Row {row}, column {column} holds {size_kb} KB of text; at most {limit_kb} KB fit in one cell. Shorten that cell and import again.',
    import_row_too_large:
      'Row {row} holds more than {limit_mb} MB of text, far more than any table needs: the file may be damaged or crafted. Nothing was imported.',
    import_expands:
      '“{file}” is only {size_kb} KB but expands to more than {limit_mb} MB of text (many cells pointing at one long text): this is not a normal table. Nothing was imported.',
    import_mixed_encoding:
      'Row {row} is not {encoding} text like the rows before it: the file mixes encodings. Save it again as UTF-8 (in WPS or Notepad) and import that.',
    import_ragged:
      'Row {row} has {found} cells but the header has {expected}. Fix the row, or choose to keep extra cells under “Rows of uneven length”.',
    import_header_row:
      'Row {row} cannot be the header: the preview only reaches row {available}. Click the row number of the header in the preview.',
    import_duplicate:
      'This file was already imported as version {version} of the dataset “{name}”. Nothing was imported again.',
    dataset_not_found:
      'The dataset “{dataset}” was not found; it may have been deleted. Go back to the dataset list and choose again.',
    version_not_found: 'Dataset {dataset} has no version {version}. Choose a version from the list.',
    column_not_found: 'Dataset {dataset} has no column {column}. Reload the dataset and try again.',
    import_sheets_into_one: 'Several sheets cannot all become the next version of one dataset. Choose one sheet.',
    metadata_invalid: 'The metadata was not saved: {count} problems, marked in the form. Correct them and save again.',
    policy_reason_required:
      '“{column}” holds personal data: to publish it as is, write the reason (e.g. the regulation that requires it).',
    policy_operator_not_applicable:
      '“{operator}” cannot be used on “{column}”: redacting is only for free text, such as notes or messages, and columns of mixed content; generalizing only for addresses, dates of birth and coordinates. Choose another way.',
    risk_k_out_of_range: "The office's k must be between {min} and {max}, not {k}.",
    risk_reason_required:
      "The smallest group has only {k} records, below the office's k of {office_k} ({at_risk} records could be singled out): take the suggested fix under “Re-identification risk”, or write down why, before submitting.",
    table_contributions_invalid:
      'The dominance rule needs the {n} largest contributions to each cell of “{column}”: name the columns that hold them (largest, second largest…).',
    table_dominance_out_of_range: 'The dominance rule ({n}, {k}) cannot be used: n must be from 1 to 10, and k above 0 and at most 100.',
    clean_column_missing: 'This step works on the column “{column}”, which the data no longer has: choose the column again.',
    clean_column_exists: 'A column named “{column}” exists already: give the new column another name.',
    clean_step_invalid: 'This step lacks a setting it needs (such as the names of the new columns, or the columns to merge): complete it and run it again.',
    clean_nothing_to_undo: 'There is no cleaning step to undo.',
    clean_nothing_to_redo: 'There is no cleaning step to redo.',
    clean_step_not_found: 'The cleaning history has no step {step}.',
    clean_recipe_invalid: 'This file is not a Kaifang cleaning recipe and cannot be used.',
    clean_recipe_unmapped: 'The recipe works on the columns “{columns}”, which the new data does not have by those names: say which column each one is.',
    convention_not_applicable:
      'The default for {category} cannot be set that way: it can be Mask, Pseudonymize or Leave out (addresses, dates of birth and coordinates may also be generalized), and a mask keeps 0 to 12 characters at each end. Choose again and save.',
    egress_blocked:
      'Nothing was written or uploaded: the public copy of column “{column}” still holds {hits} ID card numbers, phone numbers or other identifiers (rows {rows}). On the Sensitive tab, mask the column or redact inside the text.',
    user_unknown: '“{user}” is not a user of this workspace. Choose a user who has been added, or ask a steward to add “{user}”.',
    user_required: 'Say who is acting first (this workspace has {users} users).',
    user_invalid_name: 'A user name must be 1 to 40 characters long, with no line breaks or other control characters. Change it and try again.',
    role_missing:
      '{user} does not have the {role} role, which this step needs. Switch to a user who has it, or ask a steward to give it to {user}.',
    review_wrong_state: 'The dataset’s status is “{status}”, so it cannot be {action} now. Reload to see its current state.',
    review_metadata_incomplete:
      'The metadata still has {count} problems, so the dataset cannot be submitted yet. Correct them on the Metadata tab, then submit again.',
    review_personal_data_unhandled:
      'The personal data is not handled yet, so the dataset cannot be submitted: not every row may have been checked, an unrecognised identifier may be waiting for your decision, or a column of personal data may be kept as is without a written reason. Handle it on the Sensitive tab, then submit.',
    review_not_open:
      'The dataset is marked “not open” and can never be submitted or published. If it should be open, change its openness in the metadata first.',
    review_self_approval: '{user} submitted this dataset and cannot approve their own submission. Ask another steward to review it.',
    review_comment_required: 'Write what needs to change before returning the dataset, so the clerk can correct it.',
    readiness_blocked: 'The office requires these readiness checks to pass before a dataset is submitted: {checks}. See what to fix under Readiness on the Overview (command line: kaifang readiness DATASET).',
    catalog_base_url_missing: 'The catalogue needs the web address its folder will be served from, so that every dataset gets a lasting address: enter it (https://…); it is remembered for the next export.',
    catalog_base_url_invalid: '“{url}” is not a web address the catalogue can be served from. Enter one starting with https:// (or http://), without spaces, ? or #.',
    catalog_publisher_missing: 'The catalogue needs a publisher: fill in the office’s default provider in Settings, or the provider of the approved datasets.',
    review_special_unconfirmed:
      'This dataset is marked “open to all” and publishes special categories of personal data as they are ({columns}). Confirm that in the approval dialog, or return it so the clerk masks them or makes the dataset conditionally open.',
    auth_passphrase_missing:
      '{user} has no passphrase yet, so nobody can work as {user} for now. Ask a steward to set one under Settings › Users and roles.',
    auth_passphrase_wrong:
      'That passphrase is not right. Type it again, minding capitals and the input method (full-width or half-width). If it is forgotten, ask a steward to reset it under Settings › Users and roles.',
    auth_throttled: 'Too many wrong passphrases. Wait {seconds} seconds, then try again.',
    auth_passphrase_weak: 'The passphrase is too short: it needs at least {min} characters. Choose a longer one, such as a sentence that is easy to remember.',
    auth_unlock_required:
      'This step needs a steward to confirm who they are. Type your passphrase and try again; if the current user is not a steward, switch to one at the top right first.',
    key_file_invalid:
      'This file is not a Kaifang office key file, or it is damaged or was changed (its fingerprint does not match its key). No key was trusted. Ask the steward to export it again under Settings › Office keys.',
    key_unknown: 'There is no key with the fingerprint {fingerprint}; it may have been removed. Reload and try again.',
    decision_unsigned:
      'The decision on “{dataset}” is not signed by a steward, so it was not imported; nothing was changed. Ask the steward to export the decisions again with a current Kaifang.',
    decision_signature_invalid:
      'The signature on the decision on “{dataset}” does not match: the file was made or edited by hand. It was not imported; nothing was changed. Ask the steward to export the decisions again.',
    decision_key_untrusted:
      'The decision on “{dataset}” is signed by a key this PC does not trust (fingerprint {fingerprint}), so it was not imported. Import that steward’s office key file under Settings › Office keys and compare its fingerprint by phone, then import the decisions again.',
    bundle_content_mismatch:
      'In the review bundle, the content of “{dataset}” is not what the bundle says it is; it may have been damaged or changed on the way. Nothing was imported or changed. Ask the sender to export it again.',
    bundle_uid_collision:
      'The review bundle’s dataset “{dataset}” would replace a dataset created here or by another workspace under the same identifier, so nothing was imported or changed. Check with the sender where the dataset comes from.',
    bundle_no_recipient:
      'There is no steward to encrypt the bundle to: a bundle carrying data is only sent encrypted to a steward. Import your steward’s office key file first (Settings › Office keys), then export again.',
    bundle_not_for_you:
      'The review bundle {file} is encrypted to another steward, and the current user cannot open it. Switch to the steward it is for and import it again, or ask the clerk to import your office key and export it to you again.',
    bundle_unencrypted:
      'The review bundle {file} carries data but is not encrypted, so it was refused for safety. Ask the clerk to import your office key and export it again with a current Kaifang.',
    bundle_corrupt: '{file} is not a readable review bundle; it may have been damaged or only partly copied. Ask the sender to export it again.',
    bundle_tampered:
      'In the review bundle {file}, “{member}” does not match the bundle’s own list, so it may have been changed on the way. Nothing was imported. Ask the sender to export it again.',
    bundle_unsafe_path:
      'The review bundle {file} holds a file it should not (“{member}”) and was refused for safety. Check where it came from, and ask the sender to export it again.',
    bundle_too_large:
      'The review bundle {file} claims {size_mb} MB, more than the {limit_mb} MB allowed, and was refused for safety. Check where it came from.',
    bundle_newer_format:
      'The review bundle {file} was exported by a newer Kaifang (format {version}) that this one cannot read. Update Kaifang, then import it again.',
    bundle_conflict:
      '“{dataset}” is already approved here in a different form, so it was not imported. Check with the sender which one is current.',
    bundle_stale_decision:
      'The review decision on “{dataset}” is about content that has changed here since it was submitted, so it was not imported. Submit the dataset again.',
    bundle_empty:
      'There is nothing to put in a bundle. To export a review bundle, first tick datasets submitted for review; to export decisions, review first.',
    portal_unknown:
      'There is no portal to publish to, or none was chosen. Add a portal under Settings › Open-data portal first; when there are several, choose which one to publish to.',
    portal_invalid_url:
      '“{url}” is not a web address. Enter the portal’s address starting with https://, such as https://data.example.gov.cn.',
    portal_invalid_name:
      'Give the portal a short name (1 to 60 characters, with no line breaks or other control characters).',
    portal_token_missing:
      'No API token is stored for the portal {portal}. Edit the portal under Settings › Open-data portal and enter the token again.',
    keyring_unavailable:
      'The system keyring cannot be used ({reason}), so the API token cannot be kept or read safely. Unlock the keyring and try again; if that does not help, ask your administrator.',
    portal_unreachable:
      '{url} cannot be reached. Check the network connection; publishing resumes by itself when the network is back.',
    portal_timeout:
      '{url} did not answer in time. Publishing will try again shortly.',
    portal_server_error:
      'The portal had a problem on its side (HTTP {status}). Publishing will try again shortly; if it keeps failing, contact the portal administrator.',
    portal_forbidden:
      'The portal refused the API token: it may be wrong, expired or revoked. Enter a new token under Settings › Open-data portal.',
    portal_not_found:
      'The portal does not have what was asked for ({message}). Check the portal address; if the dataset was deleted on the portal, contact the portal administrator.',
    portal_name_taken:
      'The name “{name}” is already used on the portal by another dataset. Change the dataset’s resource code or title, or ask the portal administrator.',
    portal_too_large:
      'The portal refused the file as larger than its upload limit. Ask the portal administrator to raise the limit, or split the dataset and publish the parts.',
    portal_validation:
      'The portal did not accept the dataset: {message}. If this explanation is unclear, contact the portal administrator.',
    portal_org_unknown:
      'The organisation “{org}” does not exist on the portal, or this token may not publish to it. Check the organisation’s name, or ask the portal administrator for permission to publish.',
    portal_bad_response:
      'The portal’s answer was not understood ({reason}). Check that the address is the portal’s, not another website’s.',
    portal_schema_fields:
      'The portal requires these fields, which the dataset lacks: {fields}. Ask the portal administrator how they should be filled in.',
    portal_insecure:
      'The portal address {url} is not safe: the token would cross the network unencrypted. Use an address starting with https://.',
    publish_not_approved:
      '“{dataset}” is not approved, or was changed after approval. Submit it for review again and publish once it is approved.',
    cancelled: 'The operation was cancelled; nothing of it was kept.',
    file_not_chosen: 'Kaifang can no longer reach this file (perhaps it was restarted). Choose the file again.',
    backup_failed:
      'The backup could not be written to {path} ({reason}). Check that the disk has space and can be written to; nothing was changed.',
    restore_invalid:
      '{file} cannot be restored: {reason}. Choose a backup made by Kaifang; the current workspace is unchanged.',
    internal:
      'Something went wrong inside Kaifang. Restart it and try again; if it keeps happening, contact support with the technical details below.',
  },
}

export default messages
