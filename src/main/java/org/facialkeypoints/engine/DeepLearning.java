package org.facialkeypoints.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngineProvider;
import ai.djl.pytorch.jni.JniUtils;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Starts DJL's PyTorch engine once, with a clear error instead of a stack trace when it cannot, and prepares the
 * threads that use it.
 *
 * <p>Where the PyTorch native library travels with the plugin (the Linux x86-64 build does), DJL is put in offline
 * mode so it never tries the network; elsewhere DJL downloads the library on first use unless the user sets
 * {@code -Dai.djl.offline=true}. The engine provider is registered by hand because a plugin class loader (Fiji's)
 * can hide it from the service lookup DJL does.
 */
public final class DeepLearning {

    private static final String BUNDLED_NATIVE = "native/lib/pytorch.properties";
    private static volatile Engine engine;

    private DeepLearning() {}

    /** Sets libtorch's thread pools; takes effect only before the engine starts. Zero or less keeps the default. */
    public static void configureThreads(int intraOp, int interOp) {
        if (intraOp > 0) System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(intraOp));
        if (interOp > 0) System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(interOp));
    }

    public static boolean nativeLibraryBundled() {
        return DeepLearning.class.getClassLoader().getResource(BUNDLED_NATIVE) != null;
    }

    /** The PyTorch engine, started on first call. */
    public static Engine engine() {
        Engine e = engine;
        if (e != null) return e;
        synchronized (DeepLearning.class) {
            if (engine != null) return engine;
            if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null && nativeLibraryBundled()) {
                System.setProperty("ai.djl.offline", "true");
            }
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(DeepLearning.class.getClassLoader());
            try {
                LibraryLogs.quietGpuProbe();
                Engine.registerEngine(new PtEngineProvider());
                Engine started = Engine.getEngine("PyTorch");
                started.getVersion();
                LibtorchFlags.quietWarnings();
                // Kept only once every step worked: a failed start fails the same way on every later call.
                engine = started;
            } catch (Throwable t) {
                throw new EngineUnavailableException(describe(t), t);
            } finally {
                thread.setContextClassLoader(previous);
            }
            return engine;
        }
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (detail.length() > 200) detail = detail.substring(0, 200) + "...";
        String where = nativeLibraryBundled()
                ? "the bundled PyTorch native library (linux-x86_64) failed to load"
                : "no PyTorch native library for " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
                  + " is bundled and DJL could not " + ("true".equals(System.getProperty("ai.djl.offline")) ? "download one in offline mode" : "download one");
        return "The deep-learning engine (PyTorch through DJL) could not start: " + where + " (" + detail + ").";
    }

    /**
     * Turns PyTorch's gradient recording off on the calling thread. Recording is thread-local and off only on the
     * thread that started the engine; inference elsewhere would otherwise build autograd graphs and leak memory.
     */
    public static void inferenceThread() {
        engine();
        JniUtils.setGradMode(false);
    }

    /**
     * The number of intra-op threads libtorch uses for work started on the calling thread (all cores unless the user
     * chose otherwise).
     */
    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    private static ExecutorService sharedWorkers;
    private static int sharedWorkerCount;

    /**
     * One pool for the whole program of {@code count} threads as {@link #singleThreadedWorkers} makes them; callers
     * submit to it and never shut it down. Sharing it matters for speed: every change of a thread count empties
     * libtorch's cache of prepared convolutions, and each new thread prepares its own again, which costs a
     * noticeable part of a short run. Asking for another count replaces the pool once its queued work is done.
     */
    public static synchronized ExecutorService sharedSingleThreadedWorkers(int count) {
        if (sharedWorkers == null || sharedWorkerCount != count) {
            if (sharedWorkers != null) sharedWorkers.shutdown();
            sharedWorkers = singleThreadedWorkers(count, "keypoint-worker");
            sharedWorkerCount = count;
        }
        return sharedWorkers;
    }

    /**
     * A pool of {@code count} daemon threads on each of which libtorch runs with one intra-op thread, gradient
     * recording off: for work split across the cores by data rather than inside each operation. libtorch keeps its
     * thread count per calling thread, but setting it also moves the default that threads starting later pick up;
     * that default is put back before this returns, so other work keeps its setting.
     */
    static ExecutorService singleThreadedWorkers(int count, String name) {
        engine();
        int before = JniUtils.getNumThreads();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(count, count, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        CountDownLatch ready = new CountDownLatch(count);
        // Below its core size the pool starts a new thread for each task, so each of these runs on its own thread.
        for (int i = 0; i < count; i++) {
            pool.execute(() -> {
                try {
                    // libtorch sets a thread's count from the default the first time the thread asks for it, which
                    // would undo a count set before that; asking first makes the one set here stay.
                    JniUtils.getNumThreads();
                    JniUtils.setNumThreads(1);
                    JniUtils.setGradMode(false);
                } finally {
                    ready.countDown();
                }
            });
        }
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            JniUtils.setNumThreads(before);
        }
        return pool;
    }

    /** "cpu", "gpu" or "auto" (a GPU when the engine sees one). */
    public static Device device(String choice) {
        Engine e = engine();
        String c = choice == null ? "auto" : choice.trim().toLowerCase(java.util.Locale.ROOT);
        switch (c) {
            case "cpu":
                return Device.cpu();
            case "gpu":
                if (e.getGpuCount() == 0) throw new IllegalArgumentException("--device gpu was asked for, but the engine sees no GPU");
                return Device.gpu();
            case "auto":
                return e.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            default:
                throw new IllegalArgumentException("unknown device '" + choice + "'; use cpu, gpu or auto");
        }
    }

    public static String describeEngine() {
        Engine e = engine();
        return e.getEngineName() + " " + e.getVersion() + ", " + JniUtils.getNumThreads() + " threads, "
                + (e.getGpuCount() > 0 ? e.getGpuCount() + " GPU(s)" : "no GPU");
    }
}
