#!/usr/bin/env bash
# step-time-vs-pytorch.sh: the training-step time of the reference CNNs on PyTorch in Python, on the DJL backend
# and on the TensorFlow backend, all with one thread, alternated in one run; prints ms per step and the ratio of
# each backend to PyTorch.
#
#   scripts/step-time-vs-pytorch.sh [ROUNDS]     (default 2)
#
# PyTorch comes from Debian (apt-get install python3-torch); PYTHON names another interpreter that has it.
# The Java figures are StepTimeBenchmarkTest and TensorFlowStepTimeBenchmarkTest (three timed runs of 10 steps
# per network and round); the Python script times the same networks and steps the same way. Each figure in
# the table is the median over all rounds and runs. Logs stay in a temporary folder, named at the end.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
rounds="${1:-2}"
python="${PYTHON:-/usr/bin/python3}"
"$python" -c 'import torch' 2>/dev/null || { echo "step-time-vs-pytorch: $python has no torch (apt-get install python3-torch, or set PYTHON)" >&2; exit 2; }
out="$(mktemp -d)"

# One thread everywhere, whatever the caller's environment: PyTorch's and oneDNN's OpenMP pools, DJL's intra-
# and inter-op threads, TensorFlow's intra-op pool (the backends take one inter-op thread themselves).
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 TF_CPP_MIN_LOG_LEVEL=2
one_thread=(-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Dnas4j.tensorflow.threads=1)

benchmark() {  # module test-class log
    (cd "$root" && mvn -o -q -B -pl "$1" -am test -Dtest="$2" -Dsurefire.failIfNoSpecifiedTests=false \
        -Dnas4j.benchmark=true "${one_thread[@]}") > "$3" 2>&1 || { echo "$2 failed; see $3" >&2; exit 1; }
}

# Compile once up front so that no round pays for it.
(cd "$root" && mvn -o -q -B -pl nas-backends/nas-backend-djl,nas-backends/nas-backend-tensorflow -am test-compile) \
    > "$out/compile.log" 2>&1 || { echo "the build failed; see $out/compile.log" >&2; exit 1; }

for round in $(seq 1 "$rounds"); do
    echo "round $round/$rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    "$python" "$root/scripts/pytorch-step-time.py" --threads 1 --runs 3 > "$out/pytorch-$round.log"
    benchmark nas-backends/nas-backend-djl StepTimeBenchmarkTest "$out/djl-$round.log"
    benchmark nas-backends/nas-backend-tensorflow TensorFlowStepTimeBenchmarkTest "$out/tensorflow-$round.log"
done

"$python" - "$out" "$rounds" <<'PY'
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
times = {}  # (engine, pooled) -> ms per step of every run
for engine in ("pytorch", "djl", "tensorflow"):
    for round in range(1, rounds + 1):
        text = open(f"{out}/{engine}-{round}.log").read()
        if engine == "pytorch":
            for pooled, runs in re.findall(r"pooled (true|false): .*?\(([\d. ]+)\)", text):
                times.setdefault((engine, pooled), []).extend(float(t) for t in runs.split())
        else:
            for pooled, ms in re.findall(r"pooled (true|false), [^)]*\), run \d+: ([\d.]+) ms per step", text):
                times.setdefault((engine, pooled), []).append(float(ms))
print(f"{'network':<28}{'engine':<12}{'median ms':>10}{'range':>16}{'x pytorch':>11}")
for pooled, name in (("true", "conv64, max pool, conv64"), ("false", "conv64, conv64 at 32x32")):
    reference = statistics.median(times[("pytorch", pooled)])
    for engine in ("pytorch", "djl", "tensorflow"):
        runs = times.get((engine, pooled), [])
        if runs:
            median = statistics.median(runs)
            print(f"{name:<28}{engine:<12}{median:>10.1f}{f'{min(runs):.1f}-{max(runs):.1f}':>16}{median / reference:>11.2f}")
PY
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); logs: $out"
