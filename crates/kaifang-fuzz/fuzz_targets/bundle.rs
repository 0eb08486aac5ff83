#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    kaifang_core::fuzzing::bundle(data);
});
