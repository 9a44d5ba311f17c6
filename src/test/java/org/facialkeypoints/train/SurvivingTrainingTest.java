package org.facialkeypoints.train;

import org.facialkeypoints.TestData;
import org.facialkeypoints.bundle.BundleFile;
import org.facialkeypoints.bundle.ModelBundle;
import org.facialkeypoints.bundle.NamedTensor;
import org.facialkeypoints.data.DatasetLoader;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.io.AtomicFiles;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Pipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training that survives: a killed run resumes to the same end, divergence and lack of memory stop cleanly. */
class SurvivingTrainingTest {

    static DatasetSplit nose;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        DatasetSplit s = DatasetSplit.course(DatasetLoader.load(TestData.imm()));
        nose = new DatasetSplit(s.train().selectPoints(LandmarkSets.IMM_NOSE), s.validation().selectPoints(LandmarkSets.IMM_NOSE));
    }

    static ModelConfig noseReference() {
        return Architectures.preset(Pipeline.NOSE, "reference", LandmarkSets.IMM_NOSE);
    }

    @Test
    void aKilledRunResumesToTheSameEndAsAnUninterruptedOne() throws Exception {
        int epochs = 8;
        // The interrupted run: the command line in its own process, killed in the middle of epoch 5.
        Path cp = dir.resolve("killed.checkpoint");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-cp", System.getProperty("java.class.path"), "org.facialkeypoints.cli.Main", "train", "--pipeline", "nose",
                "--arch", "reference", "--data", TestData.imm().toString(), "--epochs", String.valueOf(epochs), "--seed", "7",
                "--batch", "16", "--loss", "mse", "--schedule", "cosine", "--checkpoints", cp.toString(), "--out", dir.resolve("killed.zip").toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (epochsDone(cp) < 4) {
            assertTrue(p.isAlive(), "the run ended early: " + Files.readString(dir.resolve("killed.log")));
            assertTrue(System.nanoTime() < deadline, "no checkpoint after epoch 4");
            Thread.sleep(50);
        }
        Thread.sleep(300); // into epoch 5
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        assertFalse(Files.exists(dir.resolve("killed.zip")), "the killed run never finished");
        int at = epochsDone(cp);
        assertTrue(at >= 4 && at < epochs, "killed after epoch " + at);

        // The command line's settings for the nose pipeline, as given above.
        TrainingSettings s = TrainingSettings.defaults(Pipeline.NOSE).withEpochs(epochs).withSeed(7).withLoss(LossKind.MSE).withSchedule(Schedule.COSINE);
        TrainingOutcome resumed = new KeypointTrainer().train(new TrainingRun(noseReference(), nose, s).withCheckpoints(cp, true), TrainingObserver.NONE);
        TrainingOutcome straight = new KeypointTrainer().train(new TrainingRun(noseReference(), nose, s).withCheckpoints(dir.resolve("straight.checkpoint"), false), TrainingObserver.NONE);
        assertEquals(epochs, resumed.history().size());
        assertEquals(epochs, straight.history().size());
        for (int e = 0; e < epochs; e++) {
            assertEquals(straight.history().get(e).trainLoss(), resumed.history().get(e).trainLoss(), 1e-6 + 1e-4 * straight.history().get(e).trainLoss(), "epoch " + (e + 1));
        }
        List<NamedTensor> a = straight.last().weights(), b = resumed.last().weights();
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i).data(), b.get(i).data(), 1e-4f, a.get(i).name());
        assertEquals(straight.bestEpoch().epoch(), resumed.bestEpoch().epoch());
    }

    static int epochsDone(Path dir) {
        try {
            return TrainingCheckpoint.load(dir).state().get("epochs_done").getAsInt();
        } catch (IOException | RuntimeException e) {
            return 0; // not written yet, or being replaced
        }
    }

    @Test
    void divergenceStopsWithAMessageThatNamesTheEpochAndTheLearningRate() throws IOException {
        TrainingSettings s = TrainingSettings.defaults().withEpochs(10).withLearningRate(9.0).withLoss(LossKind.MSE);
        try {
            TrainingOutcome r = new KeypointTrainer().train(new TrainingRun(noseReference(), nose, s), TrainingObserver.NONE);
            assertTrue(r.stopReason().startsWith("Training diverged in epoch"), r.stopReason());
            assertTrue(r.stopReason().contains("lower learning rate"), r.stopReason());
            assertTrue(r.history().size() < 10);
            for (NamedTensor t : r.best().weights()) for (float v : t.data()) assertTrue(Float.isFinite(v), "the kept model is a good one");
        } catch (IOException e) {
            // Diverged before any epoch finished: nothing good to keep, and the message says so.
            assertTrue(e.getMessage().contains("diverged in epoch 1") && e.getMessage().contains("lower learning rate"), e.getMessage());
            assertTrue(e.getMessage().contains("no model was written") && !e.getMessage().contains("was kept"), e.getMessage());
        }
    }

    @Test
    void runningOutOfMemoryNamesTheBatchSize() {
        // The largest input whose network the parameter cap lets through, in a batch far beyond any memory.
        ModelConfig huge = noseReference().withInputSize(1536, 1152);
        TrainingSettings s = TrainingSettings.defaults().withEpochs(1).withBatchSize(1000);
        IOException e = assertThrows(IOException.class, () -> new KeypointTrainer().train(new TrainingRun(huge, nose, s), TrainingObserver.NONE));
        assertTrue(e.getMessage().contains("Out of memory at batch size 1000") && e.getMessage().contains("smaller batch"), e.getMessage());
    }

    @Test
    void aFullDiskOrUnwritableFolderLeavesThePreviousModelUntouched() throws IOException {
        Path model = dir.resolve("model.zip");
        ModelBundle good = org.facialkeypoints.TestModels.randomNose();
        BundleFile.write(good, model);
        byte[] before = Files.readAllBytes(model);
        IOException full = assertThrows(IOException.class, () -> AtomicFiles.write(model, out -> {
            out.write(new byte[1000]);
            throw new IOException("No space left on device");
        }));
        assertTrue(full.getMessage().contains(model.toString()) && full.getMessage().contains("disk is full"), full.getMessage());
        assertArrayEquals(before, Files.readAllBytes(model));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(model), files.filter(f -> !Files.isDirectory(f)).toList(), "no temporary file left");
        }
        Path blocked = dir.resolve("a-file");
        Files.writeString(blocked, "x");
        IOException unwritable = assertThrows(IOException.class, () -> BundleFile.write(good, blocked.resolve("model.zip")));
        assertTrue(unwritable.getMessage().contains("a-file"), unwritable.getMessage());
    }
}
