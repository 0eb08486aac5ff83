// The English messages of review bundles,
// typed as the Chinese ones (../zh-CN/bundles.ts).

import type { BundlesMessages } from '../zh-CN/bundles'

const messages: BundlesMessages = {
  bundles: {
    export: 'Export review bundle',
    exportHint: 'Packs the ticked datasets (submitted for review) into one file to copy to the steward’s PC and import there.',
    exportDecisions: 'Export review decisions',
    exportDecisionsHint: 'Packs the review decisions into one file to copy back to the clerk’s PC and import there.',
    import: 'Import review bundle',
    importHint: 'Imports a review bundle (a .kaifang file) brought from another PC. You can also drop the file on the window.',
    selectFirst: 'First tick the datasets to hand to the steward in the list.',
    exported: 'Review bundle saved as {name}',
    exportFailed: 'Not exported',
    busy: 'Another review bundle is being imported; wait for it to finish.',
    decisions: {
      title: 'Export review decisions',
      intro: 'Choose the decisions to take back to the clerk’s PC.',
      none: 'No dataset has been approved or returned yet, so there are no decisions to export.',
      confirm: 'Export',
      cancel: 'Cancel',
    },
    report: {
      title: 'Review bundle imported',
      failed: 'The review bundle could not be imported',
      file: 'File: {name}',
      submissions: '{count} datasets submitted for review:',
      decisions: '{count} review decisions:',
      none: 'The bundle holds no datasets.',
      outcomes: {
        added: 'added to the review list',
        unchanged: 'already here, unchanged',
        approved: 'approved',
        returned: 'returned: see the review comments',
      },
      open: 'Open',
      close: 'Close',
    },
  },
}

export default messages
