package org.facialkeypoints.engine;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeepLearningTest {

    private static int threadsOnANewThread() throws Exception {
        FutureTask<Integer> task = new FutureTask<>(DeepLearning::threads);
        Thread t = new Thread(task);
        t.start();
        return task.get();
    }

    /** Workers run libtorch on one thread each; the caller and threads started later keep the thread count they had. */
    @Test
    void singleThreadedWorkersLeaveOtherThreadsAlone() throws Exception {
        int mine = DeepLearning.threads(), later = threadsOnANewThread();
        ExecutorService pool = DeepLearning.singleThreadedWorkers(3, "test-worker");
        try {
            for (int i = 0; i < 6; i++) assertEquals(1, pool.submit(DeepLearning::threads).get());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(mine, DeepLearning.threads());
        assertEquals(later, threadsOnANewThread());
    }
}
