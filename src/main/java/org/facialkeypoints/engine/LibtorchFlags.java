package org.facialkeypoints.engine;

import com.sun.jna.NativeLibrary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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
 */
public final class LibtorchFlags {

    private static volatile NativeLibrary c10;
    private static volatile boolean unavailable;

    private LibtorchFlags() {}

    /** Quiets libtorch's warnings; called once the engine is loaded. */
    static void quietWarnings() {
        library().ifPresent(lib -> {
            lib.getGlobalVariableAddress("FLAGS_minloglevel").setInt(0, 2);
            lib.getGlobalVariableAddress("FLAGS_caffe2_log_level").setInt(0, 2);
        });
    }

    private static int zeroFillUsers;

    /**
     * Makes libtorch's CPU allocations start zeroed while at least one caller needs it: every {@code true} must be
     * matched by a {@code false} when that model is no longer used. The flag is process-wide, and the forward pass
     * is affected as well as training. Returns false where the flag cannot be set.
     */
    public static synchronized boolean zeroFillAllocations(boolean needed) {
        Optional<NativeLibrary> lib = library();
        if (lib.isEmpty()) return false;
        zeroFillUsers = Math.max(0, zeroFillUsers + (needed ? 1 : -1));
        lib.get().getGlobalVariableAddress("FLAGS_caffe2_cpu_allocator_do_zero_fill").setByte(0, (byte) (zeroFillUsers > 0 ? 1 : 0));
        return true;
    }

    private static int plainConvolutionUsers;

    /**
     * Switches libtorch's oneDNN (mkldnn) convolutions off while at least one caller needs it, so convolutions run
     * libtorch's own kernels: libtorch 2.7.1's oneDNN dies with SIGFPE (a division by zero in
     * brgemm_convolution_bwd_utils' blocking estimate) in the backward pass of ResNet-50's 1x1 convolutions on
     * AVX-512 CPUs, killing the whole JVM. Refcounted like {@link #zeroFillAllocations}; returns false where the
     * switch cannot be reached.
     */
    public static synchronized boolean plainConvolutions(boolean needed) {
        Optional<NativeLibrary> lib = torchCpu();
        if (lib.isEmpty()) return false;
        plainConvolutionUsers = Math.max(0, plainConvolutionUsers + (needed ? 1 : -1));
        try {
            com.sun.jna.Pointer context = lib.get().getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            lib.get().getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, plainConvolutionUsers == 0});
            return true;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    private static Optional<NativeLibrary> torchCpu() {
        try {
            return loadedPath("libtorch_cpu.so").map(NativeLibrary::getInstance);
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    /** Where a shared library of this file name is mapped into this process (Linux /proc); empty elsewhere. */
    private static Optional<String> loadedPath(String fileName) throws java.io.IOException {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) return Optional.empty();
        return Files.readAllLines(maps).stream()
                .filter(l -> l.endsWith("/" + fileName) || l.contains("/" + fileName + " "))
                .map(l -> l.substring(l.indexOf('/')).trim()).findFirst();
    }

    /** The loaded libc10, found through the process's memory map (Linux); empty elsewhere or on any failure. */
    private static Optional<NativeLibrary> library() {
        if (c10 != null) return Optional.of(c10);
        if (unavailable) return Optional.empty();
        try {
            Optional<String> path = loadedPath("libc10.so");
            if (path.isPresent()) {
                NativeLibrary lib = NativeLibrary.getInstance(path.get());
                lib.getGlobalVariableAddress("FLAGS_caffe2_cpu_allocator_do_zero_fill");
                c10 = lib;
                return Optional.of(lib);
            }
        } catch (Throwable t) {
            // Best effort: without the flags training still works, with the recompute guard in the trainer.
        }
        unavailable = true;
        return Optional.empty();
    }
}
