//! The review life cycle: who may do what in which state, approvals bound to the
//! content hash and voided by any edit, and the audit chain across a full cycle.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use std::path::Path;

use kaifang_core::audit::{Actor, Source};
use kaifang_core::dataset::DatasetId;
use kaifang_core::error::Coded;
use kaifang_core::import::ImportOptions;
use kaifang_core::jobs::{no_progress, CancelToken};
use kaifang_core::metadata::{self, DictionaryChange, Values};
use kaifang_core::pipeline::import_file;
use kaifang_core::review::{self, Role};
use kaifang_core::sensitive::{self, Operator};
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, Workspace};
use serde_json::json;

mod common;
use common::people;

fn clerk() -> Actor {
    Actor::new("小王", Source::System)
}
fn steward(ws: &mut Workspace) -> kaifang_core::auth::Unlocked {
    people::unlock(ws, "老李")
}

fn ready() -> (tempfile::TempDir, Workspace, DatasetId) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &clerk()).unwrap();
    let lao_li = people::first(&mut ws, "老李", &[Role::Steward]);
    people::add(&mut ws, &lao_li, "小王", &[Role::Clerk]);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/subsidy_gbk.csv");
    let out =
        import_file(&mut ws, &fixture, &ImportOptions::default(), &clerk(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    let values: Values = [
        ("description", "全县低保名单"),
        ("provider", "县民政局"),
        ("theme", "social_security"),
        ("open_type", "unconditional"),
        ("frequency", "monthly"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), json!(v)))
    .collect();
    metadata::set(&mut ws, id, &values, &clerk()).unwrap();
    // Four people: no group can reach the office's k of 5, so the list goes
    // out with a written reason.
    kaifang_core::sensitive::disclosure::set_reason(
        &mut ws,
        id,
        Some("依《最低生活保障审核确认办法》须公示"),
        &clerk(),
    )
    .unwrap();
    (dir, ws, id)
}

fn status(ws: &Workspace, id: DatasetId) -> String {
    kaifang_core::dataset::show(ws.conn(), id, None).unwrap().summary.status.to_string()
}

#[test]
fn the_whole_cycle_with_a_return_and_an_approval() {
    let (_d, mut ws, id) = ready();
    let lao_li = steward(&mut ws);
    review::submit(&mut ws, id, &clerk()).unwrap();
    assert_eq!(status(&ws, id), "submitted");
    assert_eq!(review::queue(ws.conn()).unwrap()[0].submitted_by, "小王");
    let targeted = vec![("field:description".to_owned(), "请说明统计口径".to_owned())];
    review::return_submission(&mut ws, id, &lao_li, "摘要过于简单", &targeted).unwrap();
    assert_eq!(status(&ws, id), "returned");
    assert!(review::queue(ws.conn()).unwrap().is_empty());
    let changes: Values =
        [("description".to_owned(), json!("全县城乡低保对象名单，按月更新，金额单位为元。"))].into_iter().collect();
    metadata::set(&mut ws, id, &changes, &clerk()).unwrap();
    review::submit(&mut ws, id, &clerk()).unwrap();
    let hash = review::approve(&mut ws, id, &lao_li, Some("同意发布")).unwrap();
    assert_eq!(status(&ws, id), "approved");
    assert_eq!(review::approved_hash(ws.conn(), id).unwrap(), Some(hash));
    let h = review::history(ws.conn(), id).unwrap();
    let actions: Vec<&str> = h.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["submit", "return", "submit", "approve"]);
    assert_eq!(h[1].comments, targeted, "the field comment is kept where it applies");
    assert!(ws.verify_audit().unwrap().intact, "the audit chain holds across the cycle");
}

#[test]
fn forbidden_transitions_and_roles() {
    let (_d, mut ws, id) = ready();
    let lao_li = steward(&mut ws);
    let code = |r: Result<String, review::ReviewError>| r.unwrap_err().code();
    assert_eq!(
        code(review::approve(&mut ws, id, &lao_li, None)),
        ErrorCode::ReviewWrongState,
        "a draft cannot be approved"
    );
    assert_eq!(
        code(review::submit(&mut ws, id, &Actor::new("老李", Source::System))),
        ErrorCode::RoleMissing,
        "a steward-only user cannot submit"
    );
    assert_eq!(code(review::submit(&mut ws, id, &Actor::new("路人", Source::System))), ErrorCode::UserUnknown);
    review::submit(&mut ws, id, &clerk()).unwrap();
    assert_eq!(code(review::submit(&mut ws, id, &clerk())), ErrorCode::ReviewWrongState, "no double submission");
    let xiao_wang = people::unlock(&mut ws, "小王");
    assert_eq!(code(review::approve(&mut ws, id, &xiao_wang, None)), ErrorCode::RoleMissing, "a clerk cannot approve");
    let err = review::set_self_approval(&mut ws, true, &xiao_wang).unwrap_err();
    assert_eq!(err.code(), ErrorCode::RoleMissing, "nor let anyone approve their own work");
    let err = review::return_submission(&mut ws, id, &lao_li, "  ", &[]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReviewCommentRequired);
    review::approve(&mut ws, id, &lao_li, None).unwrap();
    let err = review::return_submission(&mut ws, id, &lao_li, "晚了", &[]).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReviewWrongState, "an approved dataset is not returned");
}

#[test]
fn self_approval_only_when_the_workspace_allows_it() {
    let (_d, mut ws, id) = ready();
    let lao_li = steward(&mut ws);
    people::add(&mut ws, &lao_li, "小王", &[Role::Steward]);
    review::submit(&mut ws, id, &clerk()).unwrap();
    // Given the role after unlocking: their keys are made at this unlock.
    let xiao_wang = people::unlock(&mut ws, "小王");
    assert_eq!(review::approve(&mut ws, id, &xiao_wang, None).unwrap_err().code(), ErrorCode::ReviewSelfApproval);
    review::set_self_approval(&mut ws, true, &lao_li).unwrap();
    review::approve(&mut ws, id, &xiao_wang, None).unwrap();
}

#[test]
fn submission_needs_complete_metadata_handled_data_and_openness() {
    let (_d, mut ws, id) = ready();
    let clear: Values = [("provider".to_owned(), json!(null))].into_iter().collect();
    metadata::set(&mut ws, id, &clear, &clerk()).unwrap();
    assert_eq!(review::submit(&mut ws, id, &clerk()).unwrap_err().code(), ErrorCode::ReviewMetadataIncomplete);
    let back: Values =
        [("provider".to_owned(), json!("县民政局")), ("open_type".to_owned(), json!("closed"))].into_iter().collect();
    metadata::set(&mut ws, id, &back, &clerk()).unwrap();
    assert_eq!(review::submit(&mut ws, id, &clerk()).unwrap_err().code(), ErrorCode::ReviewNotOpen);
    let open: Values = [("open_type".to_owned(), json!("unconditional"))].into_iter().collect();
    metadata::set(&mut ws, id, &open, &clerk()).unwrap();
    ws.conn()
        .execute("INSERT INTO masking_policy (version_id, position, operator, reason, set_by, set_at) VALUES (1, 2, 'keep', NULL, 'x', 'y')", [])
        .unwrap();
    assert_eq!(review::submit(&mut ws, id, &clerk()).unwrap_err().code(), ErrorCode::ReviewPersonalDataUnhandled);
}

type Edit = dyn Fn(&mut Workspace, DatasetId);

#[test]
fn any_edit_after_approval_voids_it() {
    let edits: Vec<Box<Edit>> = vec![
        Box::new(|ws, id| {
            let v: Values = [("use_cases".to_owned(), json!("救助政策研究"))].into_iter().collect();
            metadata::set(ws, id, &v, &clerk()).unwrap();
        }),
        Box::new(|ws, id| {
            metadata::set_dictionary(
                ws,
                id,
                0,
                &DictionaryChange { description: Some("序号".into()), ..Default::default() },
                &clerk(),
            )
            .unwrap();
        }),
        Box::new(|ws, id| {
            sensitive::set_policy(ws, id, "姓名", Operator::Pseudonymize, None, &clerk()).unwrap();
        }),
        Box::new(|ws, id| {
            let v2 = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/subsidy_utf8_bom.csv");
            let opts = ImportOptions { into: Some(id.to_string()), ..Default::default() };
            import_file(ws, &v2, &opts, &clerk(), &no_progress, &CancelToken::new()).unwrap();
        }),
    ];
    for (i, edit) in edits.iter().enumerate() {
        let (_d, mut ws, id) = ready();
        let lao_li = steward(&mut ws);
        review::submit(&mut ws, id, &clerk()).unwrap();
        review::approve(&mut ws, id, &lao_li, None).unwrap();
        edit(&mut ws, id);
        assert_eq!(status(&ws, id), "draft", "edit {i} must void the approval");
        assert_eq!(review::approved_hash(ws.conn(), id).unwrap(), None, "edit {i}: nothing approved to publish");
        let last = kaifang_core::audit::recent(ws.conn(), 1).unwrap();
        assert!(
            last.iter().any(|e| e.action == "approval.voided")
                || review::history(ws.conn(), id).unwrap().last().unwrap().action == "void"
        );
    }
}

#[test]
fn the_content_hash_moves_with_what_will_be_published() {
    let (_d, mut ws, id) = ready();
    let n = id;
    let a = review::content_hash(ws.conn(), n).unwrap();
    assert_eq!(a, review::content_hash(ws.conn(), n).unwrap(), "stable");
    sensitive::set_policy(&mut ws, id, "联系电话", Operator::Drop, None, &clerk()).unwrap();
    assert_ne!(a, review::content_hash(ws.conn(), n).unwrap(), "the policy is part of it");
}

#[test]
fn the_review_view_shows_what_changed_since_the_last_approval() {
    let (d, mut ws, id) = ready();
    let lao_li = steward(&mut ws);
    assert_eq!(review::changes(ws.conn(), id).unwrap(), None, "never approved: nothing to compare");
    review::submit(&mut ws, id, &clerk()).unwrap();
    review::approve(&mut ws, id, &lao_li, None).unwrap();
    // A new version of the data, a new summary and another operator.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import/subsidy_utf8_bom.csv");
    let text = std::fs::read_to_string(src).unwrap();
    // One row fewer than the approved version.
    let mut lines: Vec<&str> = text.lines().collect();
    let last_data = lines.iter().rposition(|l| l.chars().next().is_some_and(|c| c.is_ascii_digit())).unwrap();
    lines.remove(last_data);
    let v2 = d.path().join("v2.csv");
    std::fs::write(&v2, lines.join("\n")).unwrap();
    let opts = ImportOptions { into: Some(id.to_string()), ..Default::default() };
    import_file(&mut ws, &v2, &opts, &clerk(), &no_progress, &CancelToken::new()).unwrap();
    let v: Values = [("description".to_owned(), json!("全县低保名单（第二版）"))].into_iter().collect();
    metadata::set(&mut ws, id, &v, &clerk()).unwrap();
    sensitive::set_policy(&mut ws, id, "联系电话", Operator::Drop, None, &clerk()).unwrap();
    // The reason was given for the first version's rows: the new rows need their own.
    let refused = review::submit(&mut ws, id, &clerk()).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::RiskReasonRequired, "{refused}");
    sensitive::disclosure::set_reason(&mut ws, id, Some("依规公示"), &clerk()).unwrap();
    review::submit(&mut ws, id, &clerk()).unwrap();
    let c = review::changes(ws.conn(), id).unwrap().expect("approved before");
    assert_eq!((c.against_version, c.approved_by.as_str()), (1, "老李"));
    let data = c.data.expect("a new data version");
    assert_eq!(data.previous_version, 1);
    assert!(data.rows_added + data.rows_removed + data.rows_changed > 0, "{data:?}");
    let desc = c.metadata.iter().find(|f| f.key == "description").expect("summary changed");
    assert_eq!((desc.before.as_deref(), desc.after.as_deref()), (Some("全县低保名单"), Some("全县低保名单（第二版）")));
    let phone = c.policy.iter().find(|f| f.key == "联系电话").expect("operator changed");
    assert_eq!(phone.after.as_deref(), Some("drop"));
    assert!(c.metadata.iter().all(|f| f.key != "provider"), "unchanged fields are not listed");

    // The history speaks of this dataset only, in order.
    let h = review::audit_history(ws.conn(), id).unwrap();
    let actions: Vec<&str> = h.iter().map(|e| e.action.as_str()).collect();
    let pos = |a: &str| actions.iter().position(|x| *x == a).unwrap_or_else(|| panic!("{a} in {actions:?}"));
    assert!(pos("dataset.imported") < pos("dataset.submitted"));
    assert!(pos("dataset.approved") < pos("approval.voided"));
    assert!(h.windows(2).all(|w| w[0].seq < w[1].seq));
}

#[test]
fn the_app_and_the_cli_editing_at_once_lose_neither_change() {
    let (_d, mut ws, id) = ready();
    let path = ws.path().to_owned();
    // A second connection, as the CLI would hold, changing something else at the
    // same moment as the first.
    let other = std::thread::spawn({
        move || {
            let mut cli = Workspace::open(&path, OpenMode::MustExist, &clerk()).unwrap();
            for i in 0..20 {
                let v: Values = [("use_cases".to_owned(), json!(format!("研究 {i}")))].into_iter().collect();
                metadata::set(&mut cli, id, &v, &clerk()).unwrap();
            }
        }
    });
    for _ in 0..10 {
        sensitive::set_policy(&mut ws, id, "联系电话", Operator::Drop, None, &clerk()).unwrap();
        sensitive::set_policy(&mut ws, id, "联系电话", Operator::Mask, None, &clerk()).unwrap();
    }
    other.join().unwrap();
    let meta = metadata::get(ws.conn(), id).unwrap();
    assert_eq!(meta.values["use_cases"], json!("研究 19"), "the other connection's last change is there");
    let policy = sensitive::saved(ws.conn(), id).unwrap().unwrap();
    let phone = policy.columns.iter().find(|c| c.finding.name == "联系电话").unwrap();
    assert_eq!(phone.operator, Operator::Mask, "and so is this one's");
    assert!(ws.verify_audit().unwrap().intact, "one unbroken chain from both writers");
}

/// A claims list: names, a diagnosis, ethnicity, an amount (UTF-8 CSV in `dir`).
fn claims(dir: &Path, ws: &mut Workspace) -> DatasetId {
    let mut text = String::from("姓名,诊断名称,民族,报销金额\n");
    let names = ["张伟", "王芳", "李娜", "刘强", "陈静"];
    let diagnoses = ["高血压", "糖尿病", "肺炎"];
    for i in 0..60 {
        text.push_str(&format!("{},{},汉族,{}\n", names[i % 5], diagnoses[i % 3], 100 + i));
    }
    let file = dir.join("claims.csv");
    std::fs::write(&file, text).unwrap();
    let out = import_file(ws, &file, &ImportOptions::default(), &clerk(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    let values: Values = [
        ("description", "医疗救助报销名单"),
        ("provider", "县医保局"),
        ("theme", "health"),
        ("open_type", "unconditional"),
        ("frequency", "monthly"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), json!(v)))
    .collect();
    metadata::set(ws, id, &values, &clerk()).unwrap();
    id
}

#[test]
fn the_review_lists_every_column_with_its_decision_and_the_clerks_checklist() {
    let (_d, mut ws, id) = ready();
    // The clerk withholds one column through the data dictionary and keeps the
    // phone column as it is, with a reason.
    let d = review::decisions(ws.conn(), id).unwrap();
    let phone = d.columns.iter().find(|c| c.name == "联系电话").unwrap().position;
    metadata::set_dictionary(
        &mut ws,
        id,
        phone,
        &DictionaryChange { open: Some(false), ..Default::default() },
        &clerk(),
    )
    .unwrap();
    sensitive::set_policy(&mut ws, id, "上半年", Operator::Keep, Some("公示金额"), &clerk()).unwrap();
    let d = review::decisions(ws.conn(), id).unwrap();
    let width = kaifang_core::dataset::show(ws.conn(), id, None).unwrap().summary.columns as usize;
    assert_eq!(d.columns.len(), width, "every column is listed, flagged or not");
    let by_name = |n: &str| d.columns.iter().find(|c| c.name == n).unwrap();
    assert_eq!(by_name("联系电话").outcome, review::Outcome::Withheld);
    assert_eq!(by_name("身份证号").outcome, review::Outcome::Masked);
    assert_eq!(by_name("身份证号").chosen_by, None, "a default has no chooser");
    let amount = by_name("上半年");
    assert_eq!(amount.outcome, review::Outcome::Unchanged);
    assert_eq!(amount.chosen_by.as_deref(), Some("小王"));
    assert_eq!(amount.reason.as_deref(), Some("公示金额"));
    assert!(amount.chosen_at.is_some());
    assert_eq!(d.published + d.left_out, width as u32);
    assert_eq!(d.published, d.unchanged + d.changed);
    assert_eq!(d.left_out, 1);
    // One function: the steward's checklist is the clerk's.
    let meta = metadata::get(ws.conn(), id).unwrap();
    assert_eq!(d.checklist, meta.checklist);
    assert_eq!(d.completeness, meta.completeness);
    assert_eq!(d.described, 0);
    let undescribed = d.notices.iter().find(|n| n.kind == review::NoticeKind::Undescribed).unwrap();
    assert_eq!(undescribed.columns.len(), d.published as usize, "nothing is described yet");
    assert!(!undescribed.columns.contains(&"联系电话".to_owned()), "a withheld column needs no description");
}

#[test]
fn special_categories_need_a_reason_and_a_steward_who_confirms_them_in_an_open_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &clerk()).unwrap();
    let lao_li = people::first(&mut ws, "老李", &[Role::Steward]);
    people::add(&mut ws, &lao_li, "小王", &[Role::Clerk]);
    let id = claims(dir.path(), &mut ws);
    let d = review::decisions(ws.conn(), id).unwrap();
    let diagnosis = d.columns.iter().find(|c| c.name == "诊断名称").unwrap();
    assert_eq!(diagnosis.category, sensitive::Category::Health, "诊断名称 is a diagnosis, not an organisation's name");
    assert!(diagnosis.special && diagnosis.personal);
    assert_eq!(diagnosis.outcome, review::Outcome::Dropped, "left out until someone decides otherwise");
    let err = sensitive::set_policy(&mut ws, id, "诊断名称", Operator::Keep, None, &clerk()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::PolicyReasonRequired);
    sensitive::set_policy(&mut ws, id, "诊断名称", Operator::Keep, Some("病种统计需要"), &clerk()).unwrap();
    let d = review::decisions(ws.conn(), id).unwrap();
    assert_eq!(d.special_open(), vec!["诊断名称".to_owned()]);
    review::submit(&mut ws, id, &clerk()).unwrap();
    let lao_li = steward(&mut ws);
    let err = review::approve(&mut ws, id, &lao_li, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ReviewSpecialUnconfirmed);
    assert_eq!(err.params().get("columns").map(String::as_str), Some("诊断名称"));
    assert_eq!(status(&ws, id), "submitted", "nothing changed");
    review::approve_confirmed(&mut ws, id, &lao_li, None, true).unwrap();
    assert_eq!(status(&ws, id), "approved");
    let detail: String = ws
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'dataset.approved' ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.contains("诊断名称"), "the confirmation is on record: {detail}");
}

#[test]
fn conditional_openness_needs_no_confirmation_and_a_catalogue_of_diseases_names_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &clerk()).unwrap();
    let lao_li = people::first(&mut ws, "老李", &[Role::Steward]);
    people::add(&mut ws, &lao_li, "小王", &[Role::Clerk]);
    let id = claims(dir.path(), &mut ws);
    sensitive::set_policy(&mut ws, id, "诊断名称", Operator::Keep, Some("病种统计需要"), &clerk()).unwrap();
    let conditional: Values = [("open_type".to_owned(), json!("conditional"))].into_iter().collect();
    metadata::set(&mut ws, id, &conditional, &clerk()).unwrap();
    let d = review::decisions(ws.conn(), id).unwrap();
    assert!(d.special_open().is_empty());
    assert!(d.notices.iter().any(|n| n.kind == review::NoticeKind::SpecialKept), "still worth a word");

    let file = dir.path().join("diseases.csv");
    std::fs::write(&file, "疾病名称,病种编码,报销比例\n高血压,I10,0.7\n糖尿病,E11,0.7\n肺炎,J18,0.6\n").unwrap();
    let out =
        import_file(&mut ws, &file, &ImportOptions::default(), &clerk(), &no_progress, &CancelToken::new()).unwrap();
    let d = review::decisions(ws.conn(), DatasetId(out.datasets[0].id)).unwrap();
    let disease = &d.columns[0];
    assert_eq!(disease.category, sensitive::Category::Health);
    assert!(!disease.personal && !disease.special, "no one is named in a list of diseases");
    assert_eq!(disease.outcome, review::Outcome::Unchanged);
}

#[test]
fn the_dataset_list_carries_department_completeness_and_what_is_still_unhandled() {
    let (_d, mut ws, id) = ready();
    let list = metadata::list(ws.conn()).unwrap();
    assert_eq!(list[0].personal_unhandled, Some(0), "known at once: the import scanned every row");
    assert!(!sensitive::ensure_full_scan(&mut ws, id, &clerk()).unwrap(), "no second scan is needed");
    // After a quick scan of the first rows it is unknown again.
    sensitive::scan_and_save(&mut ws, id, false, &clerk()).unwrap();
    assert_eq!(metadata::list(ws.conn()).unwrap()[0].personal_unhandled, None, "unknown until every row is scanned");
    assert!(sensitive::ensure_full_scan(&mut ws, id, &clerk()).unwrap());
    let list = metadata::list(ws.conn()).unwrap();
    let row = list.iter().find(|s| s.id == id.0).unwrap();
    assert_eq!(row.department.as_deref(), Some("县民政局"));
    assert_eq!(row.completeness, Some(metadata::get(ws.conn(), id).unwrap().completeness));
    assert_eq!(row.personal_unhandled, Some(0), "every personal column has a safe default");
    assert!(row.personal_columns > 0, "what was found is still counted");
    ws.conn()
        .execute("INSERT INTO masking_policy (version_id, position, operator, reason, set_by, set_at) VALUES (1, 2, 'keep', NULL, 'x', 'y')", [])
        .unwrap();
    let list = metadata::list(ws.conn()).unwrap();
    assert_eq!(list.iter().find(|s| s.id == id.0).unwrap().personal_unhandled, Some(1));
}

/// A list whose smallest group is below the office's k is submitted only with
/// a written reason (audited), or after the fix that reaches k.
#[test]
fn a_list_below_the_office_k_needs_a_reason_or_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::open(&dir.path().join("ws.sqlite3"), OpenMode::CreateIfMissing, &clerk()).unwrap();
    let lao_li = people::first(&mut ws, "老李", &[Role::Steward]);
    people::add(&mut ws, &lao_li, "小王", &[Role::Clerk]);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/risk/临时救助名单.csv");
    let out =
        import_file(&mut ws, &fixture, &ImportOptions::default(), &clerk(), &no_progress, &CancelToken::new()).unwrap();
    let id = DatasetId(out.datasets[0].id);
    let values: Values = [
        ("description", "临时救助对象名单"),
        ("provider", "县民政局"),
        ("theme", "social_security"),
        ("open_type", "unconditional"),
        ("frequency", "monthly"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), json!(v)))
    .collect();
    metadata::set(&mut ws, id, &values, &clerk()).unwrap();
    let err = review::submit(&mut ws, id, &clerk()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::RiskReasonRequired);
    assert_eq!(err.params().get("office_k").map(String::as_str), Some("5"), "{err}");
    assert_eq!(status(&ws, id), "draft");
    // With a reason it goes, and the reason is in the audit log.
    sensitive::disclosure::set_reason(&mut ws, id, Some("依规须公示到村"), &clerk()).unwrap();
    review::submit(&mut ws, id, &clerk()).unwrap();
    let log = kaifang_core::audit::recent(ws.conn(), 50).unwrap();
    assert!(log.iter().any(|e| e.action == "risk.reason" && e.detail["reason"] == "依规须公示到村"), "{log:?}");
    // Taking the reason back withdraws the submission; the fix instead reaches k.
    sensitive::disclosure::set_reason(&mut ws, id, None, &clerk()).unwrap();
    assert_eq!(status(&ws, id), "draft", "an edit withdraws the submission");
    assert_eq!(review::submit(&mut ws, id, &clerk()).unwrap_err().code(), ErrorCode::RiskReasonRequired);
    let (plan, after) = sensitive::disclosure::apply(&mut ws, id, None, None, &clerk()).unwrap();
    assert!(after.k >= 5 && plan.k_after == after.k, "{plan:?}");
    review::submit(&mut ws, id, &clerk()).unwrap();
    let lao_li = steward(&mut ws);
    review::approve(&mut ws, id, &lao_li, None).unwrap();
    assert_eq!(status(&ws, id), "approved");
}

#[test]
fn a_steward_makes_readiness_checks_block_a_submission() {
    use kaifang_core::readiness::{self, Check};
    let (_d, mut ws, id) = ready();
    // Only a steward sets them.
    let xiao_wang = people::unlock(&mut ws, "小王");
    let refused = readiness::set_blocking(&mut ws, &[Check::MissingLicense], &xiao_wang).unwrap_err();
    assert_eq!(refused.code(), ErrorCode::RoleMissing);
    let lao_li = steward(&mut ws);
    let set = readiness::set_blocking(&mut ws, &[Check::MissingLicense, Check::TotalsRows], &lao_li).unwrap();
    assert_eq!(set, [Check::TotalsRows, Check::MissingLicense], "in the checks' order");
    assert_eq!(readiness::blocking(ws.conn()).unwrap(), set);

    // No licence: the submission is refused, naming the check.
    let e = review::submit(&mut ws, id, &clerk()).unwrap_err();
    assert_eq!(e.code(), ErrorCode::ReadinessBlocked);
    assert_eq!(e.params()["checks"], "missing_license");
    assert_eq!(status(&ws, id), "draft");

    // Licensed: it goes. Unblocked, nothing is asked again.
    let licence: Values = [("license".to_owned(), json!("cc-by"))].into_iter().collect();
    metadata::set(&mut ws, id, &licence, &clerk()).unwrap();
    review::submit(&mut ws, id, &clerk()).unwrap();
    assert_eq!(status(&ws, id), "submitted");
    assert_eq!(readiness::set_blocking(&mut ws, &[], &lao_li).unwrap(), []);
    let audited: i64 = ws
        .conn()
        .query_row("SELECT count(*) FROM audit_log WHERE action = 'settings.readiness_blocking'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audited, 2);
}
