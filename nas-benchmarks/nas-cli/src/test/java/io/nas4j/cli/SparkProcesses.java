package io.nas4j.cli;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * JVMs with Spark for the command line's Spark tests: {@code nas} itself (as {@code ./nas} starts it with
 * {@code --executor spark}: this module's class path plus the Spark jars Maven resolved for
 * {@code nas-executor-spark}, listed in its {@code target/spark-classpath.txt}), and a standalone master and
 * workers on 127.0.0.1. This module's own tests run without Spark, as the command line does by default.
 */
final class SparkProcesses implements AutoCloseable {

    /** What Spark's launcher gives a driver on Java 17 (JavaModuleOptions); ./nas gives the same. */
    private static final List<String> JAVA_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

    private final Path folder;
    private final String classPath;
    private final List<Process> processes = new ArrayList<>();

    private SparkProcesses(Path folder, String classPath) {
        this.folder = folder;
        this.classPath = classPath;
    }

    /** Processes logging to {@code folder}; the test is skipped, saying why, when the Spark jars are not listed. */
    static SparkProcesses in(Path folder) throws IOException {
        Path list = Path.of(System.getProperty("nas4j.spark.classpath.file", "../../nas-backends/nas-executor-spark/target/spark-classpath.txt"));
        assumeTrue(Files.isRegularFile(list), "skipped: no Spark class path at " + list.toAbsolutePath()
                + "; build nas-executor-spark first");
        return new SparkProcesses(folder, System.getProperty("java.class.path") + File.pathSeparator + Files.readString(list).strip());
    }

    /** Starts {@code nas ARGS} with these system properties; its output goes to {@code name.log}. */
    Process nas(String name, List<String> properties, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1"));
        command.addAll(properties);
        command.add("io.nas4j.cli.NasCommand");
        command.addAll(List.of(args));
        return start(name, command);
    }

    /** Starts a standalone master on 127.0.0.1 and returns its URL once it listens. */
    String master() throws IOException, InterruptedException {
        int port = freePort();
        start("master", List.of("-Xmx256m", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--webui-port", Integer.toString(freePort())));
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!listening(port)) {
            assumeTrue(processes.get(processes.size() - 1).isAlive(), "skipped: the Spark master ended; see " + folder + "/master.log");
            assumeTrue(System.nanoTime() < deadline, "skipped: the Spark master did not listen within 120 s");
            Thread.sleep(200);
        }
        return "spark://127.0.0.1:" + port;
    }

    /** Starts a standalone worker with one core, registered with {@code master}. */
    Process worker(String master, int number) throws IOException {
        return start("worker-" + number, List.of("-Xmx256m", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                "--cores", "1", "--memory", "2g", "--webui-port", Integer.toString(freePort()), "--work-dir",
                folder.resolve("work-" + number).toString(), master));
    }

    Path log(String name) {
        return folder.resolve(name + ".log");
    }

    private Process start(String name, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath));
        command.addAll(JAVA_OPTIONS);
        command.addAll(arguments);
        Path sparkHome = Files.createDirectories(folder.resolve("spark-home/jars")).getParent();
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(log(name).toFile());
        // a worker builds its executors' command line from SPARK_HOME (an empty jars/ folder: the class path
        // comes from spark.executor.extraClassPath, which nas sets to its own) and the Scala version
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** Ends {@code process} and its children (a worker's executors) at once, as a machine that goes would. */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    @Override
    public void close() {
        processes.forEach(SparkProcesses::kill);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
