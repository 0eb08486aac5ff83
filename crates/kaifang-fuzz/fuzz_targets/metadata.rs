#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kaifang_core::fuzzing::metadata(data);
});
