#!/usr/bin/env bash
# gpu-step-time.sh: one small search on the GPU and the same on the CPU, and the training step time of each.
#
#   scripts/gpu-step-time.sh [djl|tensorflow] [DATASET] [DATA_DIR]
#
# For TensorFlow it builds with the CUDA build of the native library (NAS4J_TENSORFLOW_GPU=1, Maven profile
# tensorflow-gpu). For DJL the CUDA build of PyTorch's native library must be on the class path (see
# docs/scaling.md, "GPUs"); without it the GPU run stops with one sentence. Prints, per device, the mean
# milliseconds per training step over the search's trials and the card's name (nvidia-smi).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
backend="${1:-tensorflow}"
dataset="${2:-digits}"
data_dir="${3:-}"
out="$(mktemp -d)"
[[ "$backend" == tensorflow ]] && export NAS4J_TENSORFLOW_GPU=1

command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader

for device in gpu cpu; do
    args=(search --backend "$backend" --dataset "$dataset" --space nb201 --strategy random --budget 4 --epochs 2
          --final-epochs 1 --workers 0 --seed 0 --device "$device" --out "$out/$device")
    [[ -n "$data_dir" ]] && args+=(--data-dir "$data_dir")
    start=$(date +%s.%N)
    if ! "$root/nas" "${args[@]}" > "$out/$device.log" 2>&1; then
        echo "$device: the search failed: $(tail -n 1 "$out/$device.log")"
        continue
    fi
    end=$(date +%s.%N)
    python3 - "$out/$device/trials.db" "$device" "$start" "$end" <<'PY'
import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute("SELECT metrics FROM trials WHERE state = 'COMPLETE'").fetchall()
steps = [json.loads(r[0])["ms_per_step"] for r in rows if "ms_per_step" in json.loads(r[0])]
mean = sum(steps) / len(steps) if steps else float("nan")
print(f"{sys.argv[2]}: {len(steps)} trials, {mean:.1f} ms per training step (mean), whole command {float(sys.argv[4]) - float(sys.argv[3]):.0f} s")
PY
done
echo "logs and results: $out"
