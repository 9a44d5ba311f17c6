package org.facialkeypoints.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A re-launched child ends when the process that started it is killed with SIGKILL. */
@EnabledOnOs(OS.LINUX)
class RelaunchTest {

    /** Stands in for the re-launched command: watches its parent, then works for a minute. */
    public static final class Child {
        public static void main(String[] a) throws InterruptedException {
            Relaunch.endWithParent();
            Thread.sleep(60_000);
        }
    }

    @Test
    void theChildEndsWhenItsParentIsKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        // The shell plays the launched process: it starts the child with its own pid, then waits for it.
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "export " + Relaunch.PARENT + "=$$; \"$0\" -cp \"$1\" \"$2\" & echo $!; wait",
                java, cp, Child.class.getName());
        Process shell = pb.redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long childPid = Long.parseLong(new BufferedReader(new InputStreamReader(shell.getInputStream())).readLine().trim());
        Optional<ProcessHandle> child = ProcessHandle.of(childPid);
        assertTrue(child.isPresent());
        Thread.sleep(1500);
        assertTrue(child.get().isAlive(), "the child runs while its parent does");
        new ProcessBuilder("kill", "-9", Long.toString(shell.pid())).start().waitFor();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (child.get().isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
        boolean alive = child.get().isAlive();
        if (alive) child.get().destroyForcibly();
        assertFalse(alive, "the child kept running after its parent was killed");
    }
}
