package org.facialkeypoints.facedetect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server on the loopback address for download tests: /model serves the given bytes, /corrupt the same with
 * one byte changed, /redirect sends to /model, /huge streams 11 MB without a length, /huge-declared announces 11 MB,
 * /stall sends 100 bytes and then nothing for 5 s, /missing answers 404.
 */
final class LocalModelServer implements AutoCloseable {

    static final int HUGE = 11 << 20;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    LocalModelServer(byte[] model) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        byte[] corrupt = model.clone();
        corrupt[corrupt.length / 2] ^= 1;
        server.createContext("/model", x -> send(x, model));
        server.createContext("/corrupt", x -> send(x, corrupt));
        server.createContext("/redirect", x -> {
            x.getResponseHeaders().add("Location", "/model");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.createContext("/huge", x -> stream(x, 0));
        server.createContext("/huge-declared", x -> stream(x, HUGE));
        server.createContext("/stall", x -> {
            x.sendResponseHeaders(200, 0);
            try (OutputStream out = x.getResponseBody()) {
                out.write(new byte[100]);
                out.flush();
                Thread.sleep(5000);
            } catch (InterruptedException | IOException e) {
                // the client gave up, as it should
            }
        });
        server.createContext("/missing", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        server.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static void send(HttpExchange x, byte[] body) throws IOException {
        x.sendResponseHeaders(200, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static void stream(HttpExchange x, long declared) throws IOException {
        x.sendResponseHeaders(200, declared);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = x.getResponseBody()) {
            for (int sent = 0; sent < HUGE; sent += chunk.length) out.write(chunk);
        } catch (IOException e) {
            // the client stopped reading, as it should
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
