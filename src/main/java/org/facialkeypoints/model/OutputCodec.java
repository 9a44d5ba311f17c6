package org.facialkeypoints.model;

import org.facialkeypoints.landmarks.Landmarks;

/**
 * The link between points on the input grid and a network's numbers: training targets one way, predictions back
 * the other. One per output kind (coordinates, heatmaps).
 */
public interface OutputCodec {

    /** Points decoded from one face's outputs, on the input grid, with a confidence per point where there is one. */
    record Decoded(Landmarks points, double[] confidence) {}

    /** Target numbers per face. */
    int targetSize();

    /** Output numbers per face. */
    int outputSize();

    void encode(Landmarks onInputGrid, float[] dst, int offset);

    Decoded decode(float[] outputs, int offset);

    static OutputCodec of(ModelConfig cfg) {
        if (cfg.heatmap() != null) {
            return new HeatmapCodec(cfg.landmarks().size(), cfg.heatmap().width(), cfg.heatmap().height(), cfg.inputWidth(),
                    cfg.inputHeight(), cfg.heatmap().sigma());
        }
        return new Coordinates(cfg.landmarks().size(), cfg.inputWidth(), cfg.inputHeight());
    }

    /** Regression outputs, see {@link CoordinateCodec}. */
    record Coordinates(int points, int width, int height) implements OutputCodec {
        @Override
        public int targetSize() { return 2 * points; }

        @Override
        public int outputSize() { return 2 * points; }

        @Override
        public void encode(Landmarks onInputGrid, float[] dst, int offset) {
            CoordinateCodec.encode(onInputGrid, width, height, dst, offset);
        }

        @Override
        public Decoded decode(float[] outputs, int offset) {
            return new Decoded(CoordinateCodec.decode(outputs, offset, points, width, height), null);
        }
    }
}
