package org.facialkeypoints.engine;

/**
 * Two global switches of libtorch's c10 library that DJL does not expose, set through its exported flag variables.
 *
 * <p>Zero-filled allocations: with channel counts that are not multiples of 16, oneDNN pads its blocked memory
 * layouts, and libtorch 2.7.1 leaves that padding uninitialized; when the reused memory happens to hold NaN, the
 * convolution's backward pass returns a whole channel of NaN gradients (measured: 41 of 100 backward passes of a
 * 12- then 24-channel pair, none with zero-filled allocations or with 16/32 channels). Filling costs about 30% of
 * training speed, so it is switched on only for networks that need it.
 *
 * <p>Log level: libtorch warns "Could not initialize NNPACK" on every small convolution on CPUs NNPACK does not
 * support; errors still show.
 *
 * <p>The switches are reached through JNA, which the plugin takes from its host (Fiji ships JNA 5). Without it
 * every switch reports that it could not be set, the same way on every call: detection and training still run
 * (training with the trainer's recompute guard in place of zero-filled memory), and only what cannot run safely
 * without a switch is refused, in one sentence.
 */
public final class LibtorchFlags {

    /** Whether JNA 5 can be loaded here; decided once, so every call agrees. */
    private static final boolean JNA = jnaPresent(LibtorchFlags.class.getClassLoader());

    private static int zeroFillUsers;
    private static int plainConvolutionUsers;

    private LibtorchFlags() {}

    /** Whether the switches can be reached: JNA 5 is on the class path. */
    public static boolean available() {
        return JNA;
    }

    /** Why a switch could not be set, for messages; empty when JNA is there. */
    public static String missing() {
        return JNA ? "" : "JNA 5 (com.sun.jna, jna-5.x.jar, which Fiji ships in jars/) is not on the class path";
    }

    /** Quiets libtorch's warnings; called once the engine is loaded. */
    static void quietWarnings() {
        if (JNA) C10Library.quietWarnings();
    }

    /**
     * Makes libtorch's CPU allocations start zeroed while at least one caller needs it: every {@code true} must be
     * matched by a {@code false} when that model is no longer used. The flag is process-wide, and the forward pass
     * is affected as well as training. Returns false where the flag cannot be set.
     */
    public static synchronized boolean zeroFillAllocations(boolean needed) {
        if (!JNA) return false;
        int users = Math.max(0, zeroFillUsers + (needed ? 1 : -1));
        if (!C10Library.zeroFill(users > 0)) return false;
        zeroFillUsers = users;
        return true;
    }

    /**
     * Switches libtorch's oneDNN (mkldnn) convolutions off while at least one caller needs it, so convolutions run
     * libtorch's own kernels: libtorch 2.7.1's oneDNN dies with SIGFPE (a division by zero in
     * brgemm_convolution_bwd_utils' blocking estimate) in the backward pass of ResNet-50's 1x1 convolutions on
     * AVX-512 CPUs, killing the whole JVM. Refcounted like {@link #zeroFillAllocations}; returns false where the
     * switch cannot be reached.
     */
    public static synchronized boolean plainConvolutions(boolean needed) {
        if (!JNA) return false;
        int users = Math.max(0, plainConvolutionUsers + (needed ? 1 : -1));
        if (!C10Library.mkldnn(users == 0)) return false;
        plainConvolutionUsers = users;
        return true;
    }

    static boolean jnaPresent(ClassLoader loader) {
        try {
            Class.forName("com.sun.jna.NativeLibrary", false, loader).getMethod("getGlobalVariableAddress", String.class);
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }
}
