# The tiny pytest-benchmark suite of regenerate.sh: BENCH_N sets the size of the work.
import os

N = int(os.environ.get("BENCH_N", "20000"))


def work(n):
    return sum(i * i for i in range(n))


def test_work_sum(benchmark):
    assert benchmark(work, N) == sum(i * i for i in range(N))


def test_work_sorted(benchmark):
    data = [(i * 7919) % N for i in range(N // 4)]
    benchmark.extra_info["items"] = len(data)
    assert benchmark(sorted, data)[0] == 0
