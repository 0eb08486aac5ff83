//! People and passphrases: who may add whom, what a wrong passphrase costs, the
//! steward's keys and office key files, and the steward-only actions.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly by design

use kaifang_core::audit::{self, Actor, Source};
use kaifang_core::auth::{self, Role};
use kaifang_core::error::Coded;
use kaifang_core::workspace::OpenMode;
use kaifang_core::{ErrorCode, Workspace};
use secrecy::SecretString;

mod common;
use common::people::{self, pass};

fn open(dir: &std::path::Path) -> Workspace {
    Workspace::open(&dir.join("ws.sqlite3"), OpenMode::CreateIfMissing, &Actor::new("os", Source::System)).unwrap()
}

fn secret(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

fn actions(ws: &Workspace, n: u32) -> Vec<(String, String)> {
    audit::recent(ws.conn(), n).unwrap().into_iter().map(|e| (e.action, e.actor)).collect()
}

#[test]
fn the_first_user_is_a_steward_and_only_stewards_add_people() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path());
    assert!(auth::first_run(ws.conn()).unwrap());
    // Even asked for as a clerk, the first person in charge is a steward.
    let first = auth::add_user(&mut ws, "王小明", &[Role::Clerk], Some(&pass()), None, Source::System).unwrap();
    assert!(first.clerk && first.steward && first.has_passphrase);
    assert!(first.fingerprint.is_some(), "a steward's keys are made with their passphrase");
    assert!(!auth::first_run(ws.conn()).unwrap());

    // Nobody unlocked: no one may be added any more.
    let err = auth::add_user(&mut ws, "小王", &[Role::Clerk], Some(&pass()), None, Source::System).unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthUnlockRequired);
    let steward = people::unlock(&mut ws, "王小明");
    people::add(&mut ws, &steward, "小王", &[Role::Clerk]);
    // A clerk, even unlocked, adds no steward and grants no role.
    let clerk = people::unlock(&mut ws, "小王");
    assert!(clerk.keys().is_none());
    let err =
        auth::add_user(&mut ws, "小张", &[Role::Steward], Some(&pass()), Some(&clerk), Source::System).unwrap_err();
    assert_eq!(err.code(), ErrorCode::RoleMissing);
    let err = auth::add_user(&mut ws, "小王", &[Role::Steward], None, Some(&clerk), Source::System).unwrap_err();
    assert_eq!(err.code(), ErrorCode::RoleMissing);
    assert!(!auth::user(ws.conn(), "小王").unwrap().unwrap().steward);
    assert!(auth::user(ws.conn(), "小张").unwrap().is_none());
    // A short passphrase is refused before anything is stored.
    let err = auth::add_user(&mut ws, "小张", &[Role::Clerk], Some(&secret("1234")), Some(&steward), Source::System)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthPassphraseWeak);
    assert!(ws.verify_audit().unwrap().intact);
}

#[test]
fn wrong_passphrases_are_audited_and_slowed_down() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path());
    people::first(&mut ws, "老李", &[Role::Steward]);
    let wrong = secret("not the passphrase");
    for _ in 0..3 {
        let err = auth::unlock(&mut ws, "老李", &wrong, Source::System, "approve").unwrap_err();
        assert_eq!(err.code(), ErrorCode::AuthPassphraseWrong);
    }
    assert!(actions(&ws, 3).iter().all(|(a, who)| a == "user.unlock_failed" && who == "老李"));
    // After three, the next try waits, even with the right passphrase.
    let err = auth::unlock(&mut ws, "老李", &pass(), Source::System, "approve").unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthThrottled);
    assert!(err.params()["seconds"].parse::<u64>().unwrap() >= 1);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let u = auth::unlock(&mut ws, "老李", &pass(), Source::System, "approve").unwrap();
    assert!(u.is_steward() && u.keys().is_some());
    let last = audit::recent(ws.conn(), 1).unwrap().pop().unwrap();
    assert_eq!((last.action.as_str(), last.detail["for"].as_str()), ("user.unlocked", Some("approve")));
    // Unknown names and names without a passphrase are refused with their own codes.
    let err = auth::unlock(&mut ws, "路人", &pass(), Source::System, "approve").unwrap_err();
    assert_eq!(err.code(), ErrorCode::UserUnknown);
    assert!(ws.verify_audit().unwrap().intact);
}

#[test]
fn a_name_without_a_passphrase_cannot_approve_or_be_claimed_later() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path());
    // A workspace from before passphrases: users with roles and no passphrase.
    ws.conn()
        .execute_batch(
            "INSERT INTO users (name, clerk, steward, created_at) VALUES ('老李', 0, 1, 'x'), ('小王', 1, 0, 'x')",
        )
        .unwrap();
    let err = auth::unlock(&mut ws, "老李", &pass(), Source::System, "approve").unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthPassphraseMissing, "no passphrase: no proof, no approval");
    // While nobody has a passphrase, a user sets their own (the first to do so).
    auth::set_passphrase(&mut ws, "老李", &pass(), None, Source::System).unwrap();
    let lao_li = people::unlock(&mut ws, "老李");
    assert!(lao_li.keys().is_some());
    // From then on, a name without one is claimed only through a steward.
    let err = auth::set_passphrase(&mut ws, "小王", &pass(), None, Source::System).unwrap_err();
    assert_eq!(err.code(), ErrorCode::AuthUnlockRequired);
    auth::set_passphrase(&mut ws, "小王", &pass(), Some(&lao_li), Source::System).unwrap();
    people::unlock(&mut ws, "小王");
}

#[test]
fn changing_your_passphrase_keeps_your_keys_and_a_reset_replaces_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path());
    let lao_li = people::first(&mut ws, "老李", &[Role::Steward]);
    people::add(&mut ws, &lao_li, "老张", &[Role::Steward]);
    let fp = auth::user(ws.conn(), "老李").unwrap().unwrap().fingerprint.unwrap();
    let new = secret("another long passphrase");
    auth::set_passphrase(&mut ws, "老李", &new, Some(&lao_li), Source::System).unwrap();
    let again = auth::unlock(&mut ws, "老李", &new, Source::System, "test").unwrap();
    assert_eq!(again.keys().unwrap().fingerprint(), fp, "the same keys, sealed anew");
    assert_eq!(
        auth::unlock(&mut ws, "老李", &pass(), Source::System, "test").unwrap_err().code(),
        ErrorCode::AuthPassphraseWrong
    );
    // 老张 forgot theirs: a steward resets it; their keys cannot be opened, so are replaced.
    let zhang_fp = auth::user(ws.conn(), "老张").unwrap().unwrap().fingerprint.unwrap();
    auth::set_passphrase(&mut ws, "老张", &new, Some(&again), Source::System).unwrap();
    let zhang = auth::unlock(&mut ws, "老张", &new, Source::System, "test").unwrap();
    assert_ne!(zhang.keys().unwrap().fingerprint(), zhang_fp);
    let last = audit::recent(ws.conn(), 2).unwrap();
    assert!(last.iter().any(|e| e.action == "user.passphrase_set" && e.detail["keys_replaced"] == true));
}

#[test]
fn office_key_files_are_checked_and_trusted_only_by_a_steward() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path());
    let lao_li = people::first(&mut ws, "老李", &[Role::Steward]);
    people::add(&mut ws, &lao_li, "小王", &[Role::Clerk]);
    let other_dir = tempfile::tempdir().unwrap();
    let mut other = open(other_dir.path());
    people::first(&mut other, "县局", &[Role::Steward]);
    let key = auth::export_key(other.conn(), "县局").unwrap();
    assert_eq!(key.fingerprint.len(), 19);
    let file = dir.path().join("县局.kaifang-key");
    std::fs::write(&file, serde_json::to_vec(&key).unwrap()).unwrap();
    assert_eq!(auth::key_file(&file).unwrap(), key);

    // A key file whose key was swapped keeps its old fingerprint: refused.
    let third = tempfile::tempdir().unwrap();
    let mut third_ws = open(third.path());
    people::first(&mut third_ws, "冒充者", &[Role::Steward]);
    let impostor = auth::export_key(third_ws.conn(), "冒充者").unwrap();
    let mut swapped = key.clone();
    swapped.public_key = impostor.public_key.clone();
    let bad = dir.path().join("swapped.kaifang-key");
    std::fs::write(&bad, serde_json::to_vec(&swapped).unwrap()).unwrap();
    assert_eq!(auth::key_file(&bad).unwrap_err().code(), ErrorCode::KeyFileInvalid);
    std::fs::write(&bad, b"{\"format\": \"something else\"}").unwrap();
    assert_eq!(auth::key_file(&bad).unwrap_err().code(), ErrorCode::KeyFileInvalid);

    let clerk = people::unlock(&mut ws, "小王");
    assert_eq!(auth::trust(&mut ws, &key, &clerk).unwrap_err().code(), ErrorCode::RoleMissing);
    assert!(auth::trusted(ws.conn()).unwrap().is_empty());
    let t = auth::trust(&mut ws, &key, &lao_li).unwrap();
    assert_eq!((t.name.as_str(), t.fingerprint.as_str()), ("县局", key.fingerprint.as_str()));
    auth::trust(&mut ws, &key, &lao_li).unwrap();
    assert_eq!(auth::trusted(ws.conn()).unwrap().len(), 1, "trusting twice keeps one");
    assert_eq!(auth::recipients(ws.conn()).unwrap().len(), 1);
    auth::untrust(&mut ws, &key.fingerprint, &lao_li).unwrap();
    assert!(auth::trusted(ws.conn()).unwrap().is_empty());
    assert_eq!(auth::untrust(&mut ws, &key.fingerprint, &lao_li).unwrap_err().code(), ErrorCode::KeyUnknown);
}

#[test]
fn restore_is_a_steward_action_and_refuses_unexpected_schema_objects() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = open(dir.path());
    let lao_li = people::first(&mut ws, "老李", &[Role::Steward]);
    people::add(&mut ws, &lao_li, "小王", &[Role::Clerk]);
    let backup = kaifang_core::backup::create(&ws, "manual").unwrap();
    let path = std::path::PathBuf::from(&backup.path);
    let preview = kaifang_core::backup::preview(&ws, &path).unwrap();
    assert!(preview.same_workspace && preview.audit_intact);

    let clerk = people::unlock(&mut ws, "小王");
    let err = auth::restore(&mut ws, &path, &clerk).unwrap_err();
    assert_eq!(err.code(), ErrorCode::RoleMissing);

    // A backup with a trigger of someone's making is not a Kaifang workspace.
    let hostile = dir.path().join("hostile.sqlite3");
    std::fs::copy(&path, &hostile).unwrap();
    {
        let c = rusqlite::Connection::open(&hostile).unwrap();
        c.execute_batch("CREATE TRIGGER t AFTER INSERT ON audit_log BEGIN DELETE FROM audit_log; END;").unwrap();
    }
    let err = kaifang_core::backup::preview(&ws, &hostile).unwrap_err();
    assert_eq!(err.code(), ErrorCode::RestoreInvalid);
    assert_eq!(auth::restore(&mut ws, &hostile, &lao_li).unwrap_err().code(), ErrorCode::RestoreInvalid);
    // An edited audit log shows in the preview.
    let edited = dir.path().join("edited.sqlite3");
    std::fs::copy(&path, &edited).unwrap();
    {
        // The log's append-only triggers are set aside for the edit and put back.
        let c = rusqlite::Connection::open(&edited).unwrap();
        let triggers: Vec<(String, String)> = c
            .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for (name, _) in &triggers {
            c.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
        }
        c.execute("UPDATE audit_log SET actor = '别人' WHERE seq = 2", []).unwrap();
        for (_, sql) in &triggers {
            c.execute_batch(sql).unwrap();
        }
    }
    assert!(!kaifang_core::backup::preview(&ws, &edited).unwrap().audit_intact);
    auth::restore(&mut ws, &path, &lao_li).unwrap();
}
