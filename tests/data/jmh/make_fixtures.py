#!/usr/bin/env python3
"""Write the JMH fixtures: JMH (Java) does not run here, so these follow JMH's `-rf json` schema
as JMH 1.29-1.37 writes it (checked against the jmh_output.json sample of
benchmark-action/github-action-benchmark, test/data/extract/, and JMH's JSONResultFormat):
an array of benchmarks, primaryMetric.rawData[fork][iteration], secondaryMetrics from -prof gc,
rawDataHistogram[fork][iteration] = [[value, count], ...] for mode sample. Numbers are seeded
random draws around fixed centers (2 forks x 5 iterations; forks 1-2 % apart, as processes are).
  base.json  the centers
  head.json  every time 1.2x (throughputs / 1.2): a 20 % slowdown, scaled, not measured
  same.json  new draws around the same centers
"""
import json
import random


def draws(rng, center, forks=2, iterations=5, spread=0.01):
    out = []
    for _ in range(forks):
        fork = center * (1 + rng.gauss(0, 0.01))
        out.append([fork * (1 + rng.gauss(0, spread)) for _ in range(iterations)])
    return out


def entry(benchmark, mode, unit, raw, params=None, secondary=None, histogram=False):
    flat = [v for fork in raw for v in fork]
    score = sum(flat) / len(flat)
    metric = {
        "score": score,
        "scoreError": 0.02 * score,
        "scoreConfidence": [0.98 * score, 1.02 * score],
        "scorePercentiles": {"0.0": min(flat), "50.0": sorted(flat)[len(flat) // 2], "100.0": max(flat)},
        "scoreUnit": unit,
    }
    if histogram:
        metric["rawDataHistogram"] = [[[[v, 3], [v * 1.1, 1]] for v in fork] for fork in raw]
    else:
        metric["rawData"] = raw
    e = {
        "jmhVersion": "1.37",
        "benchmark": benchmark,
        "mode": mode,
        "threads": 1,
        "forks": len(raw),
        "jvm": "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
        "jvmArgs": [],
        "jdkVersion": "17.0.9",
        "vmName": "OpenJDK 64-Bit Server VM",
        "vmVersion": "17.0.9+9-Debian-1deb12u1",
        "warmupIterations": 3,
        "warmupTime": "1 s",
        "warmupBatchSize": 1,
        "measurementIterations": len(raw[0]),
        "measurementTime": "1 s",
        "measurementBatchSize": 1,
    }
    if params:
        e["params"] = params
    e["primaryMetric"] = metric
    e["secondaryMetrics"] = secondary or {}
    return e


def fixture(seed, slowdown):
    rng = random.Random(seed)
    alloc = draws(rng, 48.0, spread=0.0)
    return [
        entry("org.example.JsonBench.parse", "thrpt", "ops/s",
              [[v / slowdown for v in fork] for fork in draws(rng, 125000.0)],
              params={"size": "1024"},
              secondary={"\u00b7gc.alloc.rate.norm": {
                  "score": 48.0, "scoreError": 0.0, "scoreConfidence": [48.0, 48.0],
                  "scorePercentiles": {}, "scoreUnit": "B/op", "rawData": alloc}}),
        entry("org.example.JsonBench.write", "avgt", "us/op",
              [[v * slowdown for v in fork] for fork in draws(rng, 3.5)]),
        entry("org.example.JsonBench.latency", "sample", "ms/op",
              [[v * slowdown for v in fork] for fork in draws(rng, 0.8)], histogram=True),
    ]


for name, seed, slowdown in (("base.json", 1, 1.0), ("head.json", 1, 1.2), ("same.json", 2, 1.0)):
    with open(name, "w") as out:
        json.dump(fixture(seed, slowdown), out, indent=4, ensure_ascii=False)
        out.write("\n")
