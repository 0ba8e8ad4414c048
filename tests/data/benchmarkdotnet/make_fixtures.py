#!/usr/bin/env python3
"""Write the BenchmarkDotNet fixtures: .NET does not run here, so these follow the full JSON
exporter's schema (*-report-full.json, BenchmarkDotNet 0.12-0.13; checked against the
benchmarkdotnet.json sample of benchmark-action/github-action-benchmark, test/data/extract/):
Title, HostEnvironmentInfo, Benchmarks[] with Statistics, Memory and Measurements (IterationMode
Overhead/Workload, IterationStage Jitting/Pilot/Warmup/Actual/Result, LaunchIndex, IterationIndex,
Operations, Nanoseconds). Numbers are seeded random draws around fixed centers: 2 launches
(LaunchCount=2) x 8 Result iterations, launches 1-2 % apart, as processes are.
  base.json  the centers
  head.json  every time 1.2x: a 20 % slowdown, scaled, not measured
  same.json  new draws around the same centers
"""
import json
import random
import statistics


def benchmark(rng, method, params, ns_per_op, operations, slowdown, allocated):
    measurements, results = [], []
    for launch in (1, 2):
        shift = 1 + rng.gauss(0, 0.01)
        for stage, mode, count in (("Jitting", "Overhead", 1), ("Warmup", "Workload", 3),
                                   ("Actual", "Workload", 8), ("Result", "Workload", 8)):
            for i in range(1, count + 1):
                center = 2.0 if mode == "Overhead" else ns_per_op * slowdown * shift
                per_op = center * (1 + rng.gauss(0, 0.01))
                if stage == "Result":
                    results.append(per_op)
                measurements.append({
                    "IterationMode": mode, "IterationStage": stage, "LaunchIndex": launch,
                    "IterationIndex": i, "Operations": operations,
                    "Nanoseconds": per_op * operations + (2.0 * operations if stage == "Actual" else 0)})
    mean = statistics.fmean(results)
    full = "BenchGate.Samples.HashBench." + method + (f"({params})" if params else "")
    return {
        "DisplayInfo": f"HashBench.{method}: Job-ABCDEF(LaunchCount=2)",
        "Namespace": "BenchGate.Samples", "Type": "HashBench", "Method": method,
        "MethodTitle": method, "Parameters": params.replace(": ", "=") if params else "",
        "FullName": full,
        "Statistics": {"OriginalValues": results, "N": len(results), "Min": min(results),
                       "Median": statistics.median(results), "Mean": mean,
                       "StandardDeviation": statistics.stdev(results), "Max": max(results)},
        "Memory": {"Gen0Collections": 0, "Gen1Collections": 0, "Gen2Collections": 0,
                   "TotalOperations": operations * 16, "BytesAllocatedPerOperation": allocated},
        "Measurements": measurements,
    }


def fixture(seed, slowdown):
    rng = random.Random(seed)
    return {
        "Title": "BenchGate.Samples.HashBench-20261130-120000",
        "HostEnvironmentInfo": {
            "BenchmarkDotNetCaption": "BenchmarkDotNet", "BenchmarkDotNetVersion": "0.13.10",
            "OsVersion": "Debian GNU/Linux 12 (bookworm)", "ProcessorName": "Unknown processor",
            "PhysicalProcessorCount": 1, "PhysicalCoreCount": 2, "LogicalCoreCount": 2,
            "RuntimeVersion": ".NET 8.0.0", "Architecture": "X64", "HasAttachedDebugger": False,
            "HasRyuJit": True, "Configuration": "RELEASE",
            "ChronometerFrequency": {"Hertz": 1000000000}, "HardwareTimerKind": "Unknown"},
        "Benchmarks": [
            benchmark(rng, "Sha256", "N: 1000", 4200.0, 256, slowdown, 112),
            benchmark(rng, "Md5", "N: 1000", 2100.0, 512, slowdown, 80),
        ],
    }


for name, seed, slowdown in (("base.json", 1, 1.0), ("head.json", 1, 1.2), ("same.json", 2, 1.0)):
    with open(name, "w") as out:
        json.dump(fixture(seed, slowdown), out, indent=4)
        out.write("\n")
