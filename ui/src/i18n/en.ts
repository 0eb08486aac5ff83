import type { FindingKind } from '../api'
import type { Messages } from './zh-CN'

const findingKinds: Record<FindingKind, string> = {
  blank_rows: '{count} blank rows inside the table were left out',
  duplicate_rows: '{count} rows repeat an earlier row exactly',
  mixed_types: 'Column “{column}”: {count} values do not match the type of the rest of the column',
  excel_mangled_numbers:
    'Column “{column}”: {count} long numbers were rounded by Excel (e.g. an ID shown as 1.3E+17); the lost digits must be restored from the original',
  surrounding_spaces: 'Column “{column}”: {count} values have spaces before or after them',
  full_width_digits: 'Column “{column}”: {count} values use full-width digits such as １２３',
  leading_zeros: 'Column “{column}”: {count} codes start with 0 and were kept as written',
  ragged_rows: '{count} rows have a different number of cells than the header',
}

// Typed as the Chinese catalog, so a key missing here (or only here) fails the build.
const en: Messages = {
  app: {
    name: '开放 Kaifang',
    version: 'Version {version}',
  },
  nav: {
    label: 'Main navigation',
    datasets: 'Datasets',
    review: 'Review',
    publish: 'Publish',
    settings: 'Settings',
    collapse: 'Collapse navigation',
    expand: 'Expand navigation',
  },
  shell: {
    workspace: 'Workspace',
    noWorkspace: 'No workspace open',
    otherLanguage: '中文',
    switchLanguage: 'Switch to Chinese',
  },
  datasets: {
    title: 'Datasets',
    import: 'Import spreadsheet',
    search: 'Search by name',
    searchLabel: 'Search datasets by name',
    allStatuses: 'All statuses',
    statusLabel: 'Filter by status',
    findings: '{count} issues',
    findingsHint: 'The import found {count} data-quality issues; open the dataset to see them',
    open: 'Open dataset “{name}”',
    noMatch: 'No dataset matches. Try another word or status.',
    loadError: 'The dataset list could not be read',
    retry: 'Try again',
    columns: {
      name: 'Name',
      department: 'Department',
      status: 'Status',
      risk: 'Risk',
      completeness: 'Completeness',
      rows: 'Rows',
      updated: 'Updated',
    },
    empty: {
      title: 'No datasets yet',
      intro:
        "Kaifang turns your department's spreadsheets into data you can safely publish: import an Excel or CSV file, describe it, find and mask personal data such as ID card and phone numbers, send it for review, and publish it to the open-data portal once approved.",
      next: 'To begin, import a spreadsheet.',
    },
  },
  common: {
    none: '—',
  },
  status: {
    draft: 'Draft',
    submitted: 'Submitted',
    returned: 'Returned',
    approved: 'Approved',
    published: 'Published',
  },
  types: {
    integer: 'integer',
    decimal: 'decimal',
    date: 'date',
    datetime: 'date and time',
    boolean: 'yes/no',
    code: 'code',
    text: 'text',
  },
  wizard: {
    title: 'Import spreadsheet',
    steps: {
      choose: 'Choose file',
      check: 'Check what was detected',
      run: 'Import',
    },
    pick: 'Choose file…',
    pickAgain: 'Choose another file…',
    formats: 'Kaifang imports Excel (XLSX, XLSM, XLSB, XLS), WPS/OpenOffice (ODS) and CSV/TXT text tables.',
    dropHint: 'You can also drop a file anywhere on the window.',
    encoding: 'Encoding',
    encodingHint: 'If the preview shows garbled characters, choose another encoding.',
    encodings: {
      utf8: 'UTF-8',
      utf8_bom: 'UTF-8 (with BOM)',
      utf16_le: 'UTF-16 LE',
      utf16_be: 'UTF-16 BE',
      gbk: 'GBK (common on Chinese Windows)',
      gb18030: 'GB18030',
    },
    delimiter: 'Delimiter',
    delimiters: {
      comma: 'Comma',
      semicolon: 'Semicolon',
      tab: 'Tab',
      pipe: 'Vertical bar',
    },
    sheet: 'Sheet',
    sheetAll: 'All sheets (one dataset each)',
    sheetSize: '{rows} rows × {columns} columns',
    sheetHidden: 'hidden',
    sheetEmpty: 'empty',
    allSheetsNote: 'The preview shows the first sheet, “{sheet}”. Hidden and empty sheets are not imported.',
    ragged: 'Rows of uneven length',
    raggedOptions: {
      extras: 'Keep extra cells',
      pad: 'Drop extra cells',
      fail: 'Stop the import',
    },
    raggedHelp: {
      extras: 'Cells beyond the header are kept in a column named 多余单元格 (extra cells), so nothing is lost.',
      pad: 'Cells beyond the header are dropped; missing cells are left empty.',
      fail: 'The import stops at the first row whose cells do not match the header, and nothing is imported.',
    },
    name: 'Dataset name',
    nameAllSheets: 'Each sheet is named after its title or the sheet name.',
    into: 'Import as a new version of',
    intoNone: 'No, import as a new dataset',
    intoHint: 'A new version keeps the dataset’s name and shows what changed since the previous version.',
    preview: 'Preview',
    previewCount: 'first {count} rows of the file',
    previewHint:
      'The header is highlighted; title and note rows are left out of the table. If the header is wrong, click the row number of the right one.',
    rowNumber: 'Row',
    setHeader: 'Use row {row} as the header',
    roles: {
      title: 'title',
      note: 'note',
      blank: 'blank',
    },
    header: 'Detected header',
    headerRows: 'row {rows}, {count} columns',
    headerChosen: 'chosen by you',
    headerAuto: 'Detect again',
    noHeader: 'No header was found. Click the row number of the header row in the preview.',
    inspecting: 'Reading the file…',
    inspectError: 'This file could not be read',
    start: 'Import',
    cancel: 'Cancel',
    phases: {
      reading: 'Reading the file…',
      writing: 'Writing to the workspace…',
      profiling: 'Analysing the columns…',
      finishing: 'Finishing…',
    },
    rowsRead: '{rows} rows read',
    cancelImport: 'Cancel import',
    cancelled: 'The import was cancelled; nothing was imported.',
    done: 'Imported “{name}”: {rows} rows.',
    doneMany: 'Imported {count} datasets, {rows} rows in all.',
    failed: 'The import failed',
    openExisting: 'Open that dataset',
    busy: 'Another file is being imported. Wait for it to finish, or cancel it, before importing a new one.',
    confirmClose: {
      title: 'Import running',
      message: 'The import has not finished. Cancel it and close? Nothing read so far is kept.',
      confirm: 'Cancel import and close',
      keep: 'Keep importing',
    },
  },
  dataset: {
    back: 'Back to the dataset list',
    versionLabel: 'Version',
    versionOption: 'Version {version} · {date} · {rows} rows',
    loadError: 'The dataset could not be opened',
    tabs: {
      data: 'Data',
      metadata: 'Metadata',
      sensitive: 'Sensitive',
      history: 'History',
    },
    later: {
      metadata:
        'The description of the dataset (theme, update frequency, contact, licence and so on) will be filled in here in a later version.',
      sensitive:
        'Personal data found automatically, such as ID card and phone numbers, and how each is masked, will be checked and adjusted here in a later version.',
      history: 'The record of submissions, reviews, returns and publications will be shown here in a later version.',
    },
    total: '{total} rows',
    totalFiltered: '{total} of {all} rows match',
    filter: 'Find',
    filterLabel: 'Find in the data',
    filterColumn: 'Where to look',
    filterAllColumns: 'All columns',
    rowNumber: 'Row',
    sortBy: 'Sort by “{name}”, now: {state}',
    sortStates: {
      none: 'not sorted',
      asc: 'ascending',
      desc: 'descending',
    },
    rowsError: 'The rows could not be read',
    retry: 'Try again',
    profile: {
      title: 'Column profile',
      column: 'Column',
      show: 'Show the column profile',
      hide: 'Hide the column profile',
      type: 'Type',
      filled: 'Filled',
      empty: 'Empty',
      distinct: 'Distinct (about)',
      min: 'Smallest',
      max: 'Largest',
      length: 'Length',
      lengthRange: '{min} to {max} characters',
      topValues: 'Most common values',
      histogram: 'Distribution',
      bin: '{from} to {to}: {count}',
      noValues: 'This column has no values.',
    },
    findings: {
      title: 'Import check',
      summary: '{count} data-quality issues',
      noFindings: 'No data-quality issues found',
      leftOutSummary: '{count} rows left out of the table',
      changesSummary: 'changes since version {previous}',
      quality: 'Data quality',
      rows: ' (rows {rows})',
      rowsMore: ' (rows {rows} and more)',
      kinds: findingKinds,
      leftOut: 'Left out of the table',
      titleRow: 'title',
      noteRow: 'note',
      rowText: 'Row {row}',
      headerRows: 'The header is in row {rows} of the file.',
      dropped: '{count} cells beyond the header were dropped.',
      changes: 'Since version {previous}: {added} rows added, {removed} removed, {changed} changed.',
      columnsAdded: 'Columns added: {names}',
      columnsRemoved: 'Columns removed: {names}',
      keyColumn: 'Rows of the two versions were matched on the column “{column}”.',
      noKeyColumn: 'No ID column matches rows between the versions, so a changed row counts as one removed and one added.',
    },
  },
  comingSoon: {
    tag: 'Coming soon',
    review:
      'Datasets waiting for review will be listed here, oldest first. Open one to check its description, data quality problems and how personal data is masked, then approve it or return it with a comment.',
    publish:
      'Approved datasets not yet published will be listed here. "Publish all" sends them to the open-data portal and shows the progress and result of each; failed items show the reason and can be retried.',
    settings:
      'Here you will set the portal address and access token, your office defaults (department, contact, licence, region), users and roles, how each kind of personal data is masked, and the interface language.',
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
    metadata_invalid: 'The metadata was not saved: {label} has a problem ({count} in all). Correct the marked fields and try again.',
    cancelled: 'The operation was cancelled; nothing of it was kept.',
    file_not_chosen: 'Kaifang can no longer reach this file (perhaps it was restarted). Choose the file again.',
    internal:
      'Something went wrong inside Kaifang. Restart it and try again; if it keeps happening, contact support with the technical details below.',
  },
}

export default en
