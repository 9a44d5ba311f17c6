package org.facialkeypoints.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Builds the batches of an epoch on background threads while the network trains on earlier ones, keeping at most
 * {@code depth} batches ahead. Batches come out in order and equal to what {@link BatchAssembler#assemble} gives
 * when called directly.
 */
public final class BatchPrefetcher implements AutoCloseable {

    private final BatchAssembler assembler;
    private final ExecutorService pool;
    private final int depth;

    public BatchPrefetcher(BatchAssembler assembler, int threads, int depth) {
        this.assembler = assembler;
        this.depth = Math.max(1, depth);
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "keypoint-batches");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), tf);
    }

    /** The batches of one epoch, prepared ahead. */
    public Iterable<HostBatch> epoch(int epoch) {
        int[] order = assembler.order(epoch);
        int batches = assembler.batchesPerEpoch();
        return () -> new java.util.Iterator<>() {
            private final List<Future<HostBatch>> pending = new ArrayList<>();
            private int submitted = 0;
            private int taken = 0;

            private void fill() {
                while (submitted < batches && pending.size() < depth) {
                    int b = submitted++;
                    pending.add(pool.submit(() -> assembler.assemble(epoch, b, order)));
                }
            }

            @Override
            public boolean hasNext() { return taken < batches; }

            @Override
            public HostBatch next() {
                fill();
                Future<HostBatch> f = pending.remove(0);
                taken++;
                fill();
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while preparing a batch", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException re) throw re;
                    if (c instanceof Error err) throw err;
                    throw new IllegalStateException("preparing a batch failed: " + c, c);
                }
            }
        };
    }

    @Override
    public void close() { pool.shutdownNow(); }
}
