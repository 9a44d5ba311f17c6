package org.facialkeypoints.train;

/** One batch assembled in Java memory: inputs (n x 1 x H x W) and targets, plus which examples it holds. */
public record HostBatch(int index, int[] examples, float[] inputs, float[] targets) {

    public int size() { return examples.length; }
}
