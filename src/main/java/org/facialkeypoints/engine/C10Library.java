package org.facialkeypoints.engine;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * libtorch's loaded c10 and torch_cpu libraries through JNA, for {@link LibtorchFlags}, which alone touches this
 * class and only where JNA is present. Every call is best effort: false where a library or symbol is not found.
 */
final class C10Library {

    private static volatile NativeLibrary c10;
    private static volatile boolean unavailable;

    private C10Library() {}

    static void quietWarnings() {
        library().ifPresent(lib -> {
            lib.getGlobalVariableAddress("FLAGS_minloglevel").setInt(0, 2);
            lib.getGlobalVariableAddress("FLAGS_caffe2_log_level").setInt(0, 2);
        });
    }

    static boolean zeroFill(boolean on) {
        Optional<NativeLibrary> lib = library();
        if (lib.isEmpty()) return false;
        lib.get().getGlobalVariableAddress("FLAGS_caffe2_cpu_allocator_do_zero_fill").setByte(0, (byte) (on ? 1 : 0));
        return true;
    }

    static boolean mkldnn(boolean enabled) {
        Optional<NativeLibrary> lib = torchCpu();
        if (lib.isEmpty()) return false;
        try {
            Pointer context = lib.get().getFunction("_ZN2at13globalContextEv").invokePointer(new Object[0]);
            lib.get().getFunction("_ZN2at7Context20setUserEnabledMkldnnEb").invokeVoid(new Object[] {context, enabled});
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
    private static Optional<String> loadedPath(String fileName) throws IOException {
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
