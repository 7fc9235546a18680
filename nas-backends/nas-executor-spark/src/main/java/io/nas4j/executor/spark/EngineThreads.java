package io.nas4j.executor.spark;

/**
 * Gives the training engines of a Spark executor JVM one thread per CPU of a task slot
 * ({@code spark.task.cpus}): several tasks share an executor's cores, and an engine that takes every core per
 * task oversubscribes them (two PyTorch threads under contention run many times slower than one). The engines
 * read these properties when they start, so this runs before the first recipe is built in the JVM; a value
 * the executor's own options already set ({@code -Dai.djl.pytorch.num_threads=...}) is kept. Spark's local
 * mode runs tasks in the driver's JVM, whose settings are the driver's own: nothing is changed there.
 */
final class EngineThreads {

    /** DJL's PyTorch intra-op threads. */
    static final String DJL_THREADS = "ai.djl.pytorch.num_threads";
    /** DJL's PyTorch inter-op threads. */
    static final String DJL_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";
    /** The TensorFlow backend's intra-op threads. */
    static final String TENSORFLOW_THREADS = "nas4j.tensorflow.threads";

    private EngineThreads() {
    }

    /** Sets the engines' threads to {@code cpus} in this executor JVM, unless set already. */
    static synchronized void perTaskSlot(int cpus) {
        String threads = Integer.toString(Math.max(1, cpus));
        setIfAbsent(DJL_THREADS, threads);
        setIfAbsent(DJL_INTEROP_THREADS, "1");
        setIfAbsent(TENSORFLOW_THREADS, threads);
    }

    private static void setIfAbsent(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
