// Three benchmarks with short times set in code (Criterion 0.3.6 reads --measurement-time as whole
// seconds): work/lcg/1000 and work/lcg/4000 (a group with a throughput), and sum_bytes.
// Measured in wall time (Criterion's default), or with BENCH_GATE_CPU_TIME=1 in the thread's CPU
// time through Criterion's custom-measurement API: on a shared 2-core CI machine the wall time of
// one process moves by more than 10 % from one process to the next, the CPU time far less
// (tests/e2e/test_criterion.sh uses it; the committed fixtures are wall time).
use std::time::Duration;

use bench_gate_criterion_fixture::lcg_chain;
use criterion::measurement::{Measurement, ValueFormatter, WallTime};
use criterion::{black_box, BenchmarkId, Criterion, Throughput};

/// CPU time of the measuring thread (CLOCK_THREAD_CPUTIME_ID), in ns.
struct ThreadCpuTime;

fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

struct Nanoseconds;

impl ValueFormatter for Nanoseconds {
    fn scale_values(&self, _typical: f64, _values: &mut [f64]) -> &'static str {
        "ns"
    }
    fn scale_throughputs(&self, _typical: f64, _t: &Throughput, _values: &mut [f64]) -> &'static str {
        "ns"
    }
    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

impl Measurement for ThreadCpuTime {
    type Intermediate = u64;
    type Value = u64;
    fn start(&self) -> u64 {
        thread_cpu_ns()
    }
    fn end(&self, start: u64) -> u64 {
        thread_cpu_ns() - start
    }
    fn add(&self, a: &u64, b: &u64) -> u64 {
        a + b
    }
    fn zero(&self) -> u64 {
        0
    }
    fn to_f64(&self, value: &u64) -> f64 {
        *value as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &Nanoseconds
    }
}

fn benches<M: Measurement + 'static>(c: &mut Criterion<M>) {
    let mut group = c.benchmark_group("work");
    for n in [1000u64, 4000] {
        group.throughput(Throughput::Elements(n));
        group.bench_with_input(BenchmarkId::new("lcg", n), &n, |b, &n| b.iter(|| lcg_chain(black_box(n))));
    }
    group.finish();
    let bytes = vec![7u8; 512];
    c.bench_function("sum_bytes", |b| b.iter(|| black_box(&bytes).iter().map(|&v| v as u64).sum::<u64>()));
}

fn run<M: Measurement + 'static>(measurement: M) {
    let mut c = Criterion::default()
        .with_measurement(measurement)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_millis(600))
        .sample_size(30)
        .without_plots()
        .configure_from_args();
    benches(&mut c);
}

fn main() {
    if std::env::var_os("BENCH_GATE_CPU_TIME").is_some() {
        run(ThreadCpuTime);
    } else {
        run(WallTime);
    }
    Criterion::default().configure_from_args().final_summary();
}
