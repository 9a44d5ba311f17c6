package org.facialkeypoints.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngineProvider;
import ai.djl.pytorch.jni.JniUtils;

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
                Engine.registerEngine(new PtEngineProvider());
                engine = Engine.getEngine("PyTorch");
                engine.getVersion();
                LibtorchFlags.quietWarnings();
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
