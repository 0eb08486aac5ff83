-- 0008: the office's masking conventions, and what each scan decided with them.
-- A finding keeps the default operator and mask ends in force when it was
-- scanned, so a later change of convention affects new scans only and never
-- changes an approved dataset's public copy behind the steward's back.

CREATE TABLE masking_conventions (
    category  TEXT PRIMARY KEY,
    operator  TEXT NOT NULL,
    keep_head INTEGER,
    keep_tail INTEGER,
    set_by    TEXT NOT NULL,
    set_at    TEXT NOT NULL
) STRICT;

ALTER TABLE sensitive_findings ADD COLUMN default_operator TEXT;
ALTER TABLE sensitive_findings ADD COLUMN keep_head INTEGER;
ALTER TABLE sensitive_findings ADD COLUMN keep_tail INTEGER;
-- Why a column of a personal kind is public here (public_role, ...), or NULL.
ALTER TABLE sensitive_findings ADD COLUMN public_reason TEXT;
