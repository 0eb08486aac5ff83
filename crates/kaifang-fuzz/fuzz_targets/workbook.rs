#![no_main]

// The workbook reader runs calamine under `catch_unwind` and reports a panic as
// a damaged file (`import::workbook::guarded`), as the app does. libFuzzer's
// panic hook would abort before that: a silent hook lets a caught panic count
// as handled; an uncaught one still aborts (libfuzzer-sys catches it at the
// target's edge).
libfuzzer_sys::fuzz_target!(init: std::panic::set_hook(Box::new(|_| {})), |data: &[u8]| {
    kaifang_core::fuzzing::workbook(data);
});
