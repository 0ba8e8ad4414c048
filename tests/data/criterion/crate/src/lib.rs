//! A small workload for bench-gate's Criterion tests (tests/data/criterion/): a chain of dependent
//! multiply-adds, so the time per call is proportional to `n * SCALE / 100`.

/// The work per call, in percent; the tests edit it (120 = 20 % slower).
pub const SCALE: u64 = 100;

pub fn lcg_chain(n: u64) -> u64 {
    let mut x = 0u64;
    for i in 0..n * SCALE / 100 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(i | 1);
    }
    x
}
