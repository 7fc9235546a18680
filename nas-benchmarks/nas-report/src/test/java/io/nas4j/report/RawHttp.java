package io.nas4j.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Requests written byte for byte to a real socket, and the answer read to the end; a read that waits more
 * than {@value #READ_TIMEOUT_MILLIS} ms fails the test rather than hanging it.
 */
final class RawHttp {

    static final int READ_TIMEOUT_MILLIS = 10_000;

    private RawHttp() {
    }

    /** A folder that {@link OutputFolder} serves: a finished search's {@code result.json} with no trials. */
    static Path searchFolder(Path root) throws IOException {
        Path folder = Files.createDirectories(root.resolve("search"));
        Files.writeString(folder.resolve("result.json"), "{\"config\":{\"space\":\"macro\"},\"trialsList\":[]}");
        return folder;
    }

    /** A connection to the server on {@code port} of the loopback address. */
    static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        return socket;
    }

    /** Sends {@code request} on a new connection and reads until the server closes it. */
    static String exchange(int port, String request) throws IOException {
        try (Socket socket = connect(port)) {
            send(socket, request);
            return readToEnd(socket);
        }
    }

    /** A request for {@code path} to this server's own address, on a connection that closes after it. */
    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    }

    static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Everything the server sends until it closes the connection. */
    static String readToEnd(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** One answer on a kept-alive connection: its head and as many body bytes as its Content-Length says. */
    static String readOne(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection within an answer: " + head);
            }
            head.append((char) b);
        }
        int length = Integer.parseInt(header(head.toString(), "Content-Length"));
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** The value of header {@code name} in an answer, or null. */
    static String header(String answer, String name) {
        for (String line : answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }

    /** The body of an answer. */
    static String body(String answer) {
        return answer.substring(answer.indexOf("\r\n\r\n") + 4);
    }
}
