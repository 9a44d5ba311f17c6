package org.facialkeypoints.train;

import org.facialkeypoints.TestData;
import org.facialkeypoints.augment.AugmentationSettings;
import org.facialkeypoints.bundle.BundleFile;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.data.DatasetLoader;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.eval.ErrorSummary;
import org.facialkeypoints.eval.Evaluator;
import org.facialkeypoints.eval.MeanShapeBaseline;
import org.facialkeypoints.image.ImageSource;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Pipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Short real training runs on the IMM course split. */
class KeypointTrainerTest {

    static DatasetSplit split;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        split = DatasetSplit.course(DatasetLoader.load(TestData.imm()));
    }

    /** The compact face net at a quarter of its pixels, so a run takes seconds. */
    static ModelConfig smallFace() {
        return Architectures.preset(Pipeline.FACE, "compact", LandmarkSets.IMM_58).withInputSize(120, 90);
    }

    @Test
    void meanShapeFloorIsWhatTheCourseReports() {
        ErrorSummary floor = new MeanShapeBaseline(split.train()).evaluate(split.validation(), null);
        assertEquals(0.0041, floor.mseNorm(), 0.0004);
    }

    @Test
    void aShortFaceRunBeatsTheMeanShapeFloor() throws IOException {
        double floor = new MeanShapeBaseline(split.train()).evaluate(split.validation(), null).mseNorm();
        List<EpochReport> seen = new ArrayList<>();
        TrainingSettings s = TrainingSettings.defaults(Pipeline.FACE).withEpochs(12);
        TrainingOutcome r = new KeypointTrainer().train(new TrainingRun(smallFace(), split, s), new TrainingObserver() {
            @Override
            public void onEpoch(EpochReport report) { seen.add(report); }
        });
        assertTrue(r.completed(), r.stopReason());
        assertEquals(12, seen.size());
        assertTrue(seen.get(0).trainLoss() > seen.get(11).trainLoss(), "the training loss falls");
        double best = r.bestEpoch().validation().mseNorm();
        assertTrue(best < floor, "validation MSE " + best + " should beat the mean-shape floor " + floor);
        // The saved best model scores what training measured.
        Path f = dir.resolve("face.zip");
        BundleFile.write(r.best(), f);
        try (KeypointDetector d = new KeypointDetector(BundleFile.read(f))) {
            ErrorSummary again = new Evaluator().evaluate(d, split.validation());
            assertEquals(best, again.mseNorm(), best * 1e-3);
        }
    }

    @Test
    void aShortNoseRunBeatsTheMeanPosition() throws IOException {
        DatasetSplit s = new DatasetSplit(split.train().selectPoints(LandmarkSets.IMM_NOSE), split.validation().selectPoints(LandmarkSets.IMM_NOSE));
        double floorPx = new MeanShapeBaseline(s.train()).evaluate(s.validation(), null).meanErrPx();
        ModelConfig cfg = Architectures.preset(Pipeline.NOSE, "reference", LandmarkSets.IMM_NOSE);
        TrainingOutcome r = new KeypointTrainer().train(new TrainingRun(cfg, s, TrainingSettings.defaults().withEpochs(15)), TrainingObserver.NONE);
        assertTrue(r.completed(), r.stopReason());
        double err = r.bestEpoch().validation().meanErrPx();
        assertTrue(err < 0.8 * floorPx, "nose error " + err + " px vs mean-position floor " + floorPx + " px");
    }

    @Test
    void cancellingKeepsAUsableModel() throws IOException {
        TrainingSettings s = TrainingSettings.defaults().withEpochs(50);
        int[] batches = {0};
        TrainingOutcome r = new KeypointTrainer().train(new TrainingRun(smallFace(), split, s), new TrainingObserver() {
            @Override
            public void onBatch(int epoch, int batch, int count, double loss) { batches[0]++; }

            @Override
            public boolean cancelRequested() { return batches[0] >= 15; }
        });
        assertEquals("cancelled", r.stopReason());
        assertTrue(r.history().size() <= 2);
        try (KeypointDetector d = new KeypointDetector(r.best())) {
            ErrorSummary e = new Evaluator().evaluate(d, split.validation());
            assertTrue(Double.isFinite(e.mseNorm()));
        }
    }

    @Test
    void prefetchedBatchesEqualSequentialOnes() throws IOException {
        ModelConfig cfg = smallFace();
        List<TrainingExample> ex = ExamplePreparation.prepare(split.train().samples().subList(0, 40), cfg,
                ExamplePreparation.AUGMENTATION_MARGIN, ImageSource.FILES, 2);
        BatchAssembler a = new BatchAssembler(ex, AugmentationSettings.DEFAULT.withFlip(true), org.facialkeypoints.model.OutputCodec.of(cfg),
                cfg.landmarks(), 8, 5, cfg.inputWidth(), cfg.inputHeight());
        try (BatchPrefetcher p = new BatchPrefetcher(a, 2, 3)) {
            for (int epoch = 0; epoch < 2; epoch++) {
                int[] order = a.order(epoch);
                int b = 0;
                for (HostBatch hb : p.epoch(epoch)) {
                    HostBatch direct = a.assemble(epoch, b++, order);
                    assertTrue(java.util.Arrays.equals(direct.inputs(), hb.inputs()), "inputs of batch " + b);
                    assertTrue(java.util.Arrays.equals(direct.targets(), hb.targets()), "targets of batch " + b);
                }
                assertEquals(5, b);
            }
        }
        assertTrue(!java.util.Arrays.equals(a.order(0), a.order(1)), "each epoch has its own order");
    }
}
