package io.nas4j.report;

import io.nas4j.core.network.ClassificationHead;
import io.nas4j.core.network.Shape;

/**
 * The classification heads the tabular benchmarks' networks were trained with, for drawing their genomes:
 * NAS-Bench-201 on CIFAR-10, CIFAR-100 (32x32 RGB) and ImageNet16-120 (16x16 RGB, 120 classes);
 * NAS-Bench-Macro on CIFAR-10.
 */
public final class TabularHeads {

    private TabularHeads() {
    }

    /** The head of tabular data set {@code dataset} ({@code cifar10} when null). */
    public static ClassificationHead forDataset(String dataset) {
        String name = dataset == null ? "cifar10" : dataset;
        return switch (name) {
            case "cifar100" -> new ClassificationHead(Shape.of(3, 32, 32), 100);
            case "imagenet16" -> new ClassificationHead(Shape.of(3, 16, 16), 120);
            default -> new ClassificationHead(Shape.of(3, 32, 32), 10);
        };
    }
}
