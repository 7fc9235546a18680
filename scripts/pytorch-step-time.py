#!/usr/bin/env python3
"""Training-step time of the reference CNNs in PyTorch, for comparison with nas4j's backends.

The networks and the step are those of StepTimeBenchmarkTest (nas-backend-djl) and
TensorFlowStepTimeBenchmarkTest (nas-backend-tensorflow): batch 64 of random 3x32x32 inputs held in
memory, conv3x3-64 (no bias) - batch norm - ReLU, optionally a 2x2 max pool, conv3x3-64 - batch norm -
ReLU, global average pool, linear to 10 classes, softmax cross entropy, SGD with momentum 0.9 and
weight decay 5e-4. A step is what the Java tests time: forward, loss, backward and update, with the
loss read back as a number (the Java step reads it to skip non-finite batches).

A manual benchmark: it needs PyTorch (Debian: apt-get install python3-torch), which the build does not.
Usage: pytorch-step-time.py [--threads 1] [--steps 10] [--warmup 10] [--runs 3] [--variant both] [--profile]
"""
import argparse
import statistics
import time

import torch
from torch import nn


def reference_cnn(pooled):
    """The Java tests' network; `pooled` puts a 2x2 max pool between the convolutions (second conv at 16x16)."""
    layers = [nn.Conv2d(3, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU()]
    if pooled:
        layers.append(nn.MaxPool2d(2, 2))
    layers += [nn.Conv2d(64, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64), nn.ReLU(),
               nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


def step_times(pooled, steps, warmup, runs, profile=False):
    """Milliseconds per step of each timed run of `steps` steps, after `warmup` untimed ones."""
    torch.manual_seed(1)
    model = reference_cnn(pooled)
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    loss_function = nn.CrossEntropyLoss()
    # Ten batches in memory, as the Java tests' 640 random examples, so that no step pays for data loading.
    inputs = torch.rand(10, 64, 3, 32, 32) * 2 - 1
    labels = torch.randint(0, 10, (10, 64))

    def step(index):
        optimizer.zero_grad(set_to_none=True)
        loss = loss_function(model(inputs[index % 10]), labels[index % 10])
        loss.backward()
        optimizer.step()
        return loss.item()

    for index in range(warmup):
        step(index)
    if profile:
        with torch.autograd.profiler.profile() as profiler:
            for index in range(steps):
                step(index)
        print(profiler.key_averages().table(sort_by="self_cpu_time_total", row_limit=15))
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        for index in range(steps):
            step(index)
        results.append((time.perf_counter() - start) * 1000 / steps)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="intra-op threads (torch.set_num_threads)")
    parser.add_argument("--steps", type=int, default=10, help="steps per timed run (the Java tests: 10)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed steps first")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per network")
    parser.add_argument("--variant", choices=["pooled", "unpooled", "both"], default="both")
    parser.add_argument("--profile", action="store_true", help="also print the time per operator of one timed run")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)
    variants = {"pooled": [True], "unpooled": [False], "both": [True, False]}[args.variant]
    for pooled in variants:
        times = step_times(pooled, args.steps, args.warmup, args.runs, args.profile)
        print(f"pytorch {torch.__version__} pooled {str(pooled).lower()}: median {statistics.median(times):.1f} ms, "
              f"mean {statistics.mean(times):.1f} ms per step over {args.runs} runs of {args.steps} steps "
              f"({' '.join(f'{t:.1f}' for t in times)}), threads {torch.get_num_threads()}")


if __name__ == "__main__":
    main()
