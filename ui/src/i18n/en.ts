import type { Messages } from './zh-CN'

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
    importComingSoon:
      'Spreadsheet import is coming soon: this button will then let you choose an Excel or CSV file.',
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
    internal:
      'Something went wrong inside Kaifang. Restart it and try again; if it keeps happening, contact support with the technical details below.',
  },
}

export default en
