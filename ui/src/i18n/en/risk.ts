// The English messages of re-identification risk, typed as the Chinese ones
// (../zh-CN/risk.ts).

import type { RiskMessages } from '../zh-CN/risk'

const messages: RiskMessages = {
  risk: {
    title: 'Re-identification risk',
    intro:
      'With names and ID numbers hidden, village, gender and year of birth together may still point at one person. The public values are grouped here: every group needs at least the office’s k people.',
    loading: 'Measuring the re-identification risk…',
    loadError: 'The re-identification risk could not be measured',
    retry: 'Try again',
    noQuasi: 'No quasi-identifiers found (village, gender, date of birth …). Choose below which columns could be used to recognise someone.',
    figures: {
      k: 'Smallest group',
      atRisk: 'Records at risk',
      groups: 'Groups',
      maxRisk: 'Highest risk',
      avgRisk: 'Average risk',
      unique: 'Unique records',
      people: '{n} people',
      records: '{n} records',
    },
    ok: 'Every group has at least {k} people: the office’s requirement (k = {office_k}) is met.',
    below: 'The smallest group has only {k} people: {at_risk} records are below the office’s requirement (k = {office_k}) and could be singled out.',
    combos: {
      title: 'Combinations that single people out',
      line: '{count} records are unique on {columns}',
      none: 'No combination of columns singles anyone out.',
    },
    sizes: {
      title: 'Group sizes',
      bar: 'Groups of {size}: {groups}',
      axis: 'People per group',
    },
    quasi: {
      title: 'Quasi-identifiers',
      help: 'Columns others may know and could use to recognise someone: address, village, gender, date of birth, age, ethnicity, occupation. Proposed from the scan and the headers.',
      columns: 'Quasi-identifier columns',
      sensitive: 'Sensitive column (optional)',
      sensitiveHelp: 'Such as an illness, a disability grade or an amount: if everyone in a group has the same value, finding the group reveals it.',
      diversity: 'Sensitive column {column}: at least {l} different values in every group; in {groups} groups everyone has the same value.',
      save: 'Save choice',
      saved: 'Quasi-identifiers saved.',
      choose: 'Choose columns',
    },
    plan: {
      title: 'Suggested fix',
      none: 'Nothing to fix: every group already has at least {k} people.',
      summary: 'Before: smallest group {k_before}, {at_risk_before} records at risk. After: smallest group {k_after}, {at_risk_after} at risk.',
      column: 'Column',
      action: 'Fix',
      cost: 'Cost',
      result: 'Then',
      coarsen: 'Generalise: {rule}',
      suppress: 'Suppress: published as *',
      costCoarsen: '{cells} values change (distinct values {before} → {after})',
      costSuppress: '{cells} values hidden',
      resultLine: 'smallest group {k}, {at_risk} at risk',
      apply: 'Take the suggestion',
      applied: 'Suggestion taken: the smallest group now has {k} people.',
      undo: 'Undo the fix',
      undone: 'The generalisations and suppressions were taken back.',
      inForce: 'In force: {rules}',
      suppressedInForce: '{cells} values suppressed',
      notEnough: 'The suggested fix still does not reach the office’s k: publish fewer columns, or write down why.',
    },
    preview: {
      title: 'As published (first {rows} rows)',
      row: 'Row',
    },
    reason: {
      title: 'Submit with groups below the office’s k',
      help: 'Write why the list may go out like this (a regulation that requires publication, for example). The reason is audited and the steward sees it.',
      placeholder: 'For example: publication required by the social assistance regulation, article 10',
      save: 'Save reason',
      saved: 'The reason was recorded.',
      clear: 'Take the reason back',
      given: 'Reason given: {reason}',
    },
    rules: {
      place_town: 'township only',
      place_county: 'county only',
      date_month: 'to the month',
      date_year: 'year only',
      date_band5: '5-year bands',
      date_band10: '10-year bands',
      age: '{width}-year age bands',
      amount_top: '{top} and above as ≥{top}',
      amount_bottom: '{bottom} and below as ≤{bottom}',
      amount_both: '{bottom} and below as ≤{bottom}, {top} and above as ≥{top}',
      prefix: 'first {keep} characters only',
    },
    summary: {
      quasi: 'Grouped on {columns}',
    },
    failed: 'Not done: {reason}',
  },
  settings: {
    risk: {
      title: 'Re-identification risk',
      intro: 'In a published list, every group of people sharing the quasi-identifiers needs at least k members. 3 or 5 are usual; statistics offices ask for at least 3 per cell.',
      k: 'Smallest group size k',
      save: 'Save',
      saved: 'Saved: the office’s k is {k}.',
      stewardOnly: 'Only a steward can change it.',
      loadError: 'The office’s k could not be read',
      saveFailed: 'The office’s k was not saved',
    },
  },
}

export default messages
