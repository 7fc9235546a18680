package io.nas4j.backend.tensorflow;

import org.tensorflow.TensorFlow;
import org.tensorflow.internal.c_api.TF_DeviceList;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.internal.c_api.global.tensorflow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

import java.nio.file.Path;

/**
 * Loads TensorFlow once per JVM with the settings a search worker needs, and says how sessions are
 * configured:
 * <ul>
 *   <li>{@code org.bytedeco.javacpp.cachedir}: where JavaCPP unpacks the native library (about 650 MB),
 *       from the property {@value #CACHE_PROPERTY}, by default {@code ~/.cache/nas4j/tensorflow}, so that
 *       it outlives build folders; set only when the caller has not chosen already. It takes effect only
 *       if this class loads TensorFlow first.</li>
 *   <li>the Conv3D gradient, which TensorFlow lacks, registered from Java ({@link Conv3dGradient}).</li>
 *   <li>threads: {@value #THREADS_PROPERTY} intra-op threads when set, else {@code OMP_NUM_THREADS} (which
 *       the worker pool sets to each worker's share), else every available core; always one inter-op
 *       thread.</li>
 *   <li>the graph optimiser (grappler), on by default: on a 64-channel CNN over 32x32 images it fuses
 *       convolution, bias and activation and makes a training step about 1.5 to 2 times faster, at a cost
 *       of about a second per new model (more for large graphs) when a session first runs a step.
 *       {@code -D}{@value #GRAPH_OPTIMIZER_PROPERTY}{@code =off} saves that second where trials are short
 *       and networks tiny (8x8 digits).</li>
 * </ul>
 */
final class TensorFlowRuntime {

    /** The property naming the native-library cache; see the class note. */
    static final String CACHE_PROPERTY = "nas4j.tensorflow.cache";

    /** The property fixing the intra-op thread count of every session. */
    static final String THREADS_PROPERTY = "nas4j.tensorflow.threads";

    /** The property that turns TensorFlow's graph optimiser off for every session: {@code on} or {@code off}. */
    static final String GRAPH_OPTIMIZER_PROPERTY = "nas4j.tensorflow.grappler";

    private static final String JAVACPP_CACHE = "org.bytedeco.javacpp.cachedir";

    private TensorFlowRuntime() {
    }

    /** Loads the native library and registers the missing gradients, once; returns TensorFlow's version. */
    static String load() {
        return Holder.VERSION;
    }

    /**
     * The session configuration: {@link #threads()} intra-op threads, one inter-op thread, and the graph
     * optimiser unless {@value #GRAPH_OPTIMIZER_PROPERTY} is {@code off}.
     */
    static ConfigProto sessionConfig() {
        return sessionConfig(true);
    }

    /** {@link #sessionConfig()}, with the GPUs hidden from the session unless {@code gpus}. */
    static ConfigProto sessionConfig(boolean gpus) {
        load();
        ConfigProto.Builder builder = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(threads())
                .setInterOpParallelismThreads(1);
        if (!gpus) {
            builder.putDeviceCount("GPU", 0);
        }
        if (!graphOptimizer()) {
            builder.setGraphOptions(GraphOptions.newBuilder()
                    .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
        }
        return builder.build();
    }

    /**
     * The configuration of a session that runs its graph once (zero-cost proxies): {@link #sessionConfig()}
     * without the graph optimiser, whose second or so per new graph a single run never pays back.
     */
    static ConfigProto singleRunConfig() {
        return sessionConfig().toBuilder()
                .setGraphOptions(GraphOptions.newBuilder()
                        .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
                .build();
    }

    /**
     * The GPUs a TensorFlow session sees in this process: none with the CPU build of the native library
     * (classifier {@code linux-x86_64}), those {@code CUDA_VISIBLE_DEVICES} allows with the GPU build.
     */
    static int gpus() {
        load();
        TF_Graph graph = TF_Graph.newGraph();
        TF_Status status = TF_Status.newStatus();
        TF_SessionOptions options = TF_SessionOptions.newSessionOptions();
        try {
            TF_Session session = TF_Session.newSession(graph, options, status);
            status.throwExceptionIfNotOK();
            try {
                TF_DeviceList devices = tensorflow.TF_SessionListDevices(session, status);
                status.throwExceptionIfNotOK();
                int gpus = 0;
                for (int i = 0; i < tensorflow.TF_DeviceListCount(devices); i++) {
                    if ("GPU".equals(tensorflow.TF_DeviceListType(devices, i, status).getString())) {
                        gpus++;
                    }
                }
                tensorflow.TF_DeleteDeviceList(devices);
                return gpus;
            } finally {
                session.delete();
            }
        } finally {
            options.delete();
            status.delete();
            graph.delete();
        }
    }

    /** Whether sessions run TensorFlow's graph optimiser (grappler); see the class note. */
    static boolean graphOptimizer() {
        String chosen = System.getProperty(GRAPH_OPTIMIZER_PROPERTY, "on").trim();
        return switch (chosen) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalStateException("the system property " + GRAPH_OPTIMIZER_PROPERTY + " is "
                    + chosen + "; allowed: on, off");
        };
    }

    /** Intra-op threads of a session; see the class note. */
    static int threads() {
        String chosen = System.getProperty(THREADS_PROPERTY);
        if (chosen == null) {
            chosen = System.getenv("OMP_NUM_THREADS");
        }
        if (chosen != null) {
            try {
                int threads = Integer.parseInt(chosen.trim());
                if (threads >= 1) {
                    return threads;
                }
            } catch (NumberFormatException e) {
                // fall through to the default: a malformed setting must not stop training
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static final class Holder {
        private static final String VERSION = initialise();

        private static String initialise() {
            if (System.getProperty(JAVACPP_CACHE) == null) {
                String cache = System.getProperty(CACHE_PROPERTY,
                        Path.of(System.getProperty("user.home"), ".cache", "nas4j", "tensorflow").toString());
                System.setProperty(JAVACPP_CACHE, cache);
            }
            String version = TensorFlow.version();
            Conv3dGradient.register();
            return version;
        }
    }
}
