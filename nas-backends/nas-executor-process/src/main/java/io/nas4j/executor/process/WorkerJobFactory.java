package io.nas4j.executor.process;

/**
 * Builds a worker process's {@link WorkerJob} from the pool's configuration. A worker process knows only
 * this factory's class name and the configuration text, because nothing else crosses the process
 * boundary: the factory rebuilds in the worker what the search built in its own JVM.
 *
 * <p>Contract: implementations have a public no-argument constructor and are on the worker's class path
 * (by default the class path of the JVM that starts the pool). {@link #create} runs once per worker
 * process, on its main thread; what it throws fails the worker's start, and its class name and message
 * become the reason every waiting trial reports.
 */
public interface WorkerJobFactory {

    /**
     * The job this worker runs.
     *
     * @param configuration the pool's configuration text, as given, for example the JSON of a search
     *                      configuration; its meaning is the factory's own
     */
    WorkerJob<?> create(String configuration) throws Exception;
}
