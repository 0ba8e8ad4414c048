// Synthetic Google Benchmark suite for the verdict-quality benchmark (tests/quality/run.sh).
//
// 30 benchmarks named quality/<kind>/<NN> (NN = global two-digit index, unique as a substring)
// of kinds whose noise differs like a real suite's: cpu (integer mixing), fp (dependent float
// chain), l1 / l2 (pointer chase inside one cache level), ram (random and streaming reads of a
// buffer twice the L3), alloc (heap churn), branchy (unpredictable branches, small sorts).
//
// QUALITY_SLOWDOWN=<pattern>=<percent>[,...] makes every matching benchmark do (1 + p/100) times
// its work per iteration: the loop count grows, so the slowdown is real work, never a sleep. A
// pattern with * ? [ is a glob over the whole name (fnmatch, '*' crosses '/'); otherwise it matches
// as a substring. The first matching entry wins. A malformed value, or an entry that matches no
// benchmark, exits 2 before anything runs.
#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include <benchmark/benchmark.h>

namespace {

// Default per-repetition time budget (--benchmark_min_time, seconds) unless the command line gives
// one: with 30 benchmarks and 5 repetitions the suite runs in ~10-20 s. Set by flag rather than
// Benchmark::MinTime() so that names stay quality/<kind>/<NN> (MinTime appends "/min_time:…").
constexpr const char* kDefaultMinTime = "--benchmark_min_time=0.04";

struct Slowdown {
  std::string pattern;
  double percent = 0;
  bool used = false;
};

// Print "QUALITY_SLOWDOWN: '<subject>' <what>" on stderr and exit 2.
[[noreturn]] void die(std::string_view subject, const char* what) {
  std::fprintf(stderr, "bench-quality-synthetic: QUALITY_SLOWDOWN: '%.*s' %s\n",
               static_cast<int>(subject.size()), subject.data(), what);
  std::exit(2);
}

std::vector<Slowdown> parse_slowdowns(const char* text) {
  std::vector<Slowdown> out;
  if (text == nullptr) return out;
  std::string_view rest(text);
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (item.empty()) continue;
    const std::size_t eq = item.rfind('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == item.size()) {
      die(item, "is not <pattern>=<percent>");
    }
    const std::string number(item.substr(eq + 1));
    char* end = nullptr;
    const double percent = std::strtod(number.c_str(), &end);
    if (end == number.c_str() || *end != '\0' || !std::isfinite(percent) || percent < -90 ||
        percent > 1000) {
      die(number, "is not a percent in [-90, 1000]");
    }
    out.push_back({std::string(item.substr(0, eq)), percent, false});
  }
  return out;
}

bool matches(const std::string& pattern, const std::string& name) {
  if (pattern.find_first_of("*?[") != std::string::npos) {
    return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
  }
  return name.find(pattern) != std::string::npos;
}

// Work multiplier for one benchmark name: 1 + p/100 of the first matching entry, else 1.
double work_factor(std::vector<Slowdown>& slowdowns, const std::string& name) {
  for (auto& s : slowdowns) {
    if (matches(s.pattern, name)) {
      s.used = true;
      return 1.0 + s.percent / 100.0;
    }
  }
  return 1.0;
}

std::uint64_t scaled(std::uint64_t units, double factor) {
  return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(units * factor)));
}

std::uint64_t splitmix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// --- kinds ------------------------------------------------------------------------------------

// Integer mixing: a dependent xorshift-multiply chain; `units` steps per iteration.
void run_cpu(benchmark::State& state, std::uint64_t units) {
  std::uint64_t x = 0x12345678u;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < units; ++i) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      x *= 0x2545F4914F6CDD1Dull;
    }
    benchmark::DoNotOptimize(x);
  }
}

// Floating point: a dependent chain with a division and a square root per step.
void run_fp(benchmark::State& state, std::uint64_t units) {
  double x = 1.2345;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < units; ++i) {
      x = std::sqrt(x * 1.0001 + 0.5) / 1.00003 + 0.25;
    }
    benchmark::DoNotOptimize(x);
  }
}

// A random single-cycle permutation (Sattolo) of `entries` indices, for pointer chasing.
std::vector<std::uint32_t> make_cycle(std::size_t entries, std::uint64_t seed) {
  std::vector<std::uint32_t> next(entries);
  std::iota(next.begin(), next.end(), 0u);
  for (std::size_t i = entries - 1; i > 0; --i) {
    const std::size_t j = splitmix(seed) % i;
    std::swap(next[i], next[j]);
  }
  return next;
}

// Pointer chase inside a buffer of `bytes` (fits one cache level): `units` dependent loads.
void run_chase(benchmark::State& state, std::size_t bytes, std::uint64_t units,
               std::uint64_t seed) {
  const std::vector<std::uint32_t> next = make_cycle(bytes / sizeof(std::uint32_t), seed);
  std::uint32_t at = 0;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < units; ++i) at = next[at];
    benchmark::DoNotOptimize(at);
  }
}

// One buffer shared by the ram benchmarks: 64 MiB, twice this machine's L3.
const std::vector<std::uint64_t>& ram_buffer() {
  static const std::vector<std::uint64_t> buffer = [] {
    std::vector<std::uint64_t> b(std::size_t{8} << 20);
    std::uint64_t s = 42;
    for (auto& v : b) v = splitmix(s);
    return b;
  }();
  return buffer;
}

// Random independent reads over the RAM buffer (latency/MLP bound): `units` reads.
void run_ram_random(benchmark::State& state, std::uint64_t units) {
  const auto& buf = ram_buffer();
  const std::uint64_t mask = buf.size() - 1;
  std::uint64_t seed = 7;
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) sum += buf[splitmix(seed) & mask];
    benchmark::DoNotOptimize(sum);
  }
}

// Dependent random reads over the RAM buffer (latency bound): `units` loads, each address
// derived from the previous value.
void run_ram_dependent(benchmark::State& state, std::uint64_t units) {
  const auto& buf = ram_buffer();
  const std::uint64_t mask = buf.size() - 1;
  std::uint64_t x = 1;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < units; ++i) x = buf[(x ^ (i * 0x9E3779B97F4A7C15ull)) & mask];
    benchmark::DoNotOptimize(x);
  }
}

// Sequential streaming reads over the RAM buffer (bandwidth bound), continuing where the last
// iteration stopped so that the whole buffer is swept: `units` 64-byte lines.
void run_ram_stream(benchmark::State& state, std::uint64_t units) {
  const auto& buf = ram_buffer();
  const std::size_t lines = buf.size() / 8;
  std::size_t line = 0;
  for (auto _ : state) {
    std::uint64_t sum = 0;
    for (std::uint64_t i = 0; i < units; ++i) {
      const std::uint64_t* p = &buf[line * 8];
      sum += p[0] + p[3] + p[7];
      if (++line == lines) line = 0;
    }
    benchmark::DoNotOptimize(sum);
  }
}

// Heap churn: `units` allocations of sizes in [16, max_bytes), freed in batches of 64.
void run_alloc(benchmark::State& state, std::uint64_t units, std::size_t max_bytes) {
  std::uint64_t seed = 99;
  std::vector<std::unique_ptr<char[]>> live(64);
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < units; ++i) {
      const std::size_t size = 16 + splitmix(seed) % (max_bytes - 16);
      std::unique_ptr<char[]> block(new char[size]);  // not zeroed: allocator work only
      block[0] = static_cast<char>(i);
      block[size - 1] = static_cast<char>(i >> 8);
      live[i % live.size()] = std::move(block);
    }
    benchmark::DoNotOptimize(live.data());
  }
}

// Node-based containers: `units` std::map insertions and erasures of random keys.
void run_alloc_map(benchmark::State& state, std::uint64_t units) {
  std::uint64_t seed = 5;
  std::map<std::uint64_t, std::uint64_t> m;
  for (auto _ : state) {
    for (std::uint64_t i = 0; i < units; ++i) {
      m[splitmix(seed) & 4095] = i;
      if (m.size() > 1024) m.erase(m.begin());
    }
    benchmark::DoNotOptimize(m.size());
  }
}

// Unpredictable branches on random data: `units` data-dependent decisions.
void run_branchy(benchmark::State& state, std::uint64_t units, unsigned taken_per_256) {
  std::vector<std::uint8_t> data(1 << 16);
  std::uint64_t seed = 11;
  for (auto& d : data) d = static_cast<std::uint8_t>(splitmix(seed));
  std::size_t at = 0;
  for (auto _ : state) {
    std::uint64_t a = 0, b = 0;
    for (std::uint64_t i = 0; i < units; ++i) {
      if (data[at] < taken_per_256) {
        a += data[at] * 3;
      } else {
        b ^= a + i;
      }
      if (++at == data.size()) at = 0;
    }
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
  }
}

// Sorting many small random arrays of `n` elements: `units` elements sorted per iteration.
void run_sort(benchmark::State& state, std::uint64_t units, std::size_t n) {
  std::uint64_t seed = 3;
  std::vector<std::uint32_t> v(n);
  for (auto _ : state) {
    std::uint64_t done = 0;
    while (done < units) {
      const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(n, units - done));
      for (std::size_t i = 0; i < k; ++i) v[i] = static_cast<std::uint32_t>(splitmix(seed));
      std::sort(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k));
      done += k;
    }
    benchmark::DoNotOptimize(v.data());
  }
}

// --- registration -------------------------------------------------------------------------------

struct Spec {
  const char* kind;
  // Runs the benchmark with its work multiplied by `factor`.
  void (*run)(benchmark::State&, double factor, int variant);
  int variants;
};

// Work units below are sized for ~0.5-3 ms per iteration on a ~2.5 GHz x86 core.
const Spec kSpecs[] = {
    {"cpu", [](benchmark::State& s, double f, int v) { run_cpu(s, scaled(150000u * (v + 1), f)); },
     5},
    {"fp", [](benchmark::State& s, double f, int v) { run_fp(s, scaled(40000u * (v + 1), f)); }, 3},
    {"l1",
     [](benchmark::State& s, double f, int v) {
       run_chase(s, std::size_t{4096} << (v % 2), scaled(200000u * (v + 1), f), 100 + v);
     },
     4},
    {"l2",
     [](benchmark::State& s, double f, int v) {
       run_chase(s, std::size_t{256 * 1024} << (v % 2), scaled(100000u * (v + 1), f), 200 + v);
     },
     4},
    {"ram",
     [](benchmark::State& s, double f, int v) {
       if (v == 0) {
         run_ram_random(s, scaled(40000u, f));
       } else if (v == 2) {
         run_ram_dependent(s, scaled(6000u, f));
       } else {
         run_ram_stream(s, scaled(100000u * v, f));
       }
     },
     4},
    {"alloc",
     [](benchmark::State& s, double f, int v) {
       static constexpr std::uint64_t kUnits[] = {20000, 20000, 12000, 6000};
       if (v == 4) {
         run_alloc_map(s, scaled(30000u, f));
       } else {
         run_alloc(s, scaled(kUnits[v], f), std::size_t{64} << (3 * v));
       }
     },
     5},
    {"branchy",
     [](benchmark::State& s, double f, int v) {
       if (v >= 3) {
         run_sort(s, scaled(30000u * (v - 2), f), std::size_t{16} << ((v - 3) * 2));
       } else {
         run_branchy(s, scaled(300000u * (v + 1), f), 128 - 40 * v);
       }
     },
     5},
};

bool register_all() {
  std::vector<Slowdown> slowdowns = parse_slowdowns(std::getenv("QUALITY_SLOWDOWN"));
  int index = 0;
  for (const Spec& spec : kSpecs) {
    for (int v = 0; v < spec.variants; ++v, ++index) {
      char name[64];
      std::snprintf(name, sizeof name, "quality/%s/%02d", spec.kind, index);
      const double factor = work_factor(slowdowns, name);
      auto run = spec.run;
      benchmark::RegisterBenchmark(name, [run, factor, v](benchmark::State& s) {
        run(s, factor, v);
      })->Unit(benchmark::kMicrosecond);
    }
  }
  for (const auto& s : slowdowns) {
    if (!s.used) die(s.pattern, "matches no benchmark");
  }
  return true;
}

const bool registered = register_all();

}  // namespace

// Like benchmark_main, with a short default minimum time.
int main(int argc, char** argv) {
  std::vector<char*> args(argv, argv + argc);
  const bool has_min_time = std::any_of(args.begin(), args.end(), [](const char* a) {
    return std::string_view(a).rfind("--benchmark_min_time", 0) == 0;
  });
  std::string min_time = kDefaultMinTime;
  if (!has_min_time) args.insert(args.begin() + 1, min_time.data());
  int count = static_cast<int>(args.size());
  args.push_back(nullptr);
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
