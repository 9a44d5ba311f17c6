package org.facialkeypoints.train;

import org.facialkeypoints.TestData;
import org.facialkeypoints.data.AnnotatedSample;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.data.IbugXmlReader;
import org.facialkeypoints.detect.FaceKeypoints;
import org.facialkeypoints.detect.KeypointDetector;
import org.facialkeypoints.geometry.CropWindow;
import org.facialkeypoints.image.CropSource;
import org.facialkeypoints.image.GrayImage;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.landmarks.Landmarks;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Pipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The face-crop pipelines on dlib's 68-point faces, small enough for every build. */
class CropPipelinesTest {

    static DatasetSplit dlib;

    @BeforeAll
    static void load() throws IOException {
        dlib = new DatasetSplit(IbugXmlReader.read(TestData.dlib().resolve("training_with_face_landmarks.xml")).dataset(),
                IbugXmlReader.read(TestData.dlib().resolve("testing_with_face_landmarks.xml")).dataset());
    }

    @Test
    void cropAndUncropReturnTheSamePointsAndPixels() throws IOException {
        AnnotatedSample s = dlib.train().samples().get(3);
        ModelConfig cfg = Architectures.preset(Pipeline.RESNET, "resnet18", dlib.train().landmarks());
        CropWindow w = cfg.window(s.imageWidth(), s.imageHeight(), s.box());
        Landmarks there = s.points().transformed(w.toInput()), back = there.transformed(w.toOriginal());
        for (int i = 0; i < 68; i++) {
            assertEquals(s.points().x(i), back.x(i), 1e-9);
            assertEquals(s.points().y(i), back.y(i), 1e-9);
        }
        // A point outside the crop stays valid: no clipping anywhere.
        Landmarks far = new Landmarks(new double[] {-500}, new double[] {9000});
        assertEquals(-500, far.transformed(w.toInput()).transformed(w.toOriginal()).x(0), 1e-6);
        // The crop's pixels are the image's: compare the crop's centre pixel with the image at the mapped position.
        GrayImage img = ImageFiles.readGray(s.image());
        float[] crop = new float[224 * 224];
        CropSource.prepare(img, w, 0).sample(w.toInput(), 224, 224, crop, 0);
        double ox = w.toOriginal().applyX(112, 112), oy = w.toOriginal().applyY(112, 112);
        double expected = img.get((int) Math.round(ox), (int) Math.round(oy));
        assertEquals(expected, crop[112 * 224 + 112], 40, "the crop shows the image around the box");
    }

    static ModelConfig small(Pipeline p, String arch) {
        return Architectures.preset(p, arch, dlib.train().landmarks()).withInputSize(64, 64);
    }

    @Test
    void shortResnetAndUnetRunsReduceTheirLossAndDetect68PointsInsideTheImage() throws IOException {
        for (ModelConfig cfg : new ModelConfig[] {small(Pipeline.RESNET, "resnet18"), small(Pipeline.UNET, "unet")}) {
            TrainingSettings s = TrainingSettings.defaults(cfg.pipeline()).withEpochs(6).withBatchSize(6).withLearningRate(2e-3);
            TrainingOutcome r = new KeypointTrainer().train(new TrainingRun(cfg, dlib, s), TrainingObserver.NONE);
            assertTrue(r.completed(), r.stopReason());
            double first = r.history().get(0).trainLoss(), last = r.history().get(r.history().size() - 1).trainLoss();
            assertTrue(last < first, cfg.pipeline() + ": training loss " + first + " -> " + last);
            AnnotatedSample face = dlib.validation().samples().get(0);
            GrayImage img = ImageFiles.readGray(face.image());
            try (KeypointDetector d = new KeypointDetector(r.last())) {
                FaceKeypoints fk = d.detect(img, face.box());
                assertEquals(68, fk.points().size());
                for (int i = 0; i < 68; i++) {
                    assertTrue(fk.points().x(i) >= -0.5 && fk.points().x(i) <= img.width() - 0.5
                            && fk.points().y(i) >= -0.5 && fk.points().y(i) <= img.height() - 0.5, cfg.pipeline() + " point " + i);
                }
                assertEquals(cfg.pipeline().heatmaps(), fk.hasConfidence());
            }
        }
    }

    /** libtorch's oneDNN kills the JVM (SIGFPE) in ResNet-50's backward pass on AVX-512 CPUs unless it is switched off. */
    @Test
    void resnet50TrainsOnTheCpuWithoutCrashingTheJvm() throws IOException {
        ModelConfig cfg = Architectures.preset(Pipeline.RESNET, "resnet50", dlib.train().landmarks());
        DatasetSplit tiny = new DatasetSplit(dlib.train().withSamples("16 faces", dlib.train().samples().subList(0, 16)),
                dlib.validation().withSamples("2 faces", dlib.validation().samples().subList(0, 2)));
        TrainingSettings s = TrainingSettings.defaults(Pipeline.RESNET).withEpochs(1).withBatchSize(16);
        TrainingOutcome r = new KeypointTrainer().train(new TrainingRun(cfg, tiny, s).withDevice("cpu"), TrainingObserver.NONE);
        assertTrue(r.completed(), r.stopReason());
        assertTrue(Double.isFinite(r.history().get(0).trainLoss()));
    }
}
