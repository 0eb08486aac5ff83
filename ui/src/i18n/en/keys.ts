// The English messages of passphrases and office keys,
// typed as the Chinese ones (../zh-CN/keys.ts).

import type { KeysMessages } from '../zh-CN/keys'

const messages: KeysMessages = {
  keys: {
    import: 'Import key file…',
    importFailed: 'This key file cannot be read',
    trusted: 'The office key of {name} is trusted.',
    confirm: {
      title: 'Compare the fingerprint',
      intro: 'This is the office key of the steward “{name}”.',
      fingerprint: 'Fingerprint',
      instruction:
        'Phone {name} and ask them to read out the fingerprint shown in their Settings › Office keys; compare it with the one above, group by group. Click “Trust” only if every group matches; if anything differs, click “Cancel” and tell them: the file may have been swapped.',
      trust: 'Trust',
      cancel: 'Cancel',
      failed: 'The key was not trusted',
    },
  },
  settings: {
    passphrase: {
      title: 'My passphrase',
      intro: 'Your passphrase is asked when switching to you and before steward actions. Tell nobody; if you think someone knows it, change it now.',
      currentRequired: 'Type your current passphrase.',
      save: 'Change passphrase',
      saved: 'Your passphrase was changed.',
      failed: 'The passphrase was not changed',
    },
    keys: {
      title: 'Office keys',
      intro:
        'A steward’s office key signs their decisions and opens the review bundles clerks encrypt to them. Once a clerk on another PC imports the steward’s key, the bundles they submit can be opened by that steward only, and the steward’s decisions are known to come from them.',
      own: 'Your office key',
      ownIntro:
        'Give the key file to the clerks who work on other PCs (a USB stick or the office network), then phone them and read out the fingerprint below, group by group, so they can compare it with the one shown when they import it.',
      export: 'Export key file…',
      exported: 'Office key saved as {name}',
      exportFailed: 'The key file was not exported',
      ownMissing: 'You have no office key yet (you became a steward later). Change your passphrase once in “My passphrase” and your office key is made.',
      trustedTitle: 'Stewards’ keys trusted here',
      name: 'Steward',
      fingerprint: 'Fingerprint',
      addedBy: 'Added by',
      addedAt: 'Added at',
      remove: 'Remove',
      removeLabel: 'Remove the key of {name}',
      removeTitle: 'Remove key',
      removeMessage: 'Stop trusting the office key of {name} ({fingerprint})? Bundles can then no longer be encrypted to this steward, and decisions they sign are no longer accepted.',
      removeOk: 'Remove',
      removeCancel: 'Cancel',
      removed: 'The key of {name} was removed.',
      removeFailed: 'The key was not removed',
      emptyTitle: 'No steward’s key is trusted yet',
      emptyText:
        'Clerks working on another PC: import the key file your steward gives you (.kaifang-key) and compare its fingerprint by phone. Then the bundles you submit are encrypted to the steward, and the steward’s decisions are recognised here.',
      loadError: 'The office keys could not be read',
      retry: 'Try again',
      stewardOnly: 'Only a steward can import or remove keys. Switch to this PC’s steward first.',
    },
  },
}

export default messages
