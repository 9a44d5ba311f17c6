package org.facialkeypoints.train;

import org.facialkeypoints.TestData;
import org.facialkeypoints.data.Dataset;
import org.facialkeypoints.data.DatasetLoader;
import org.facialkeypoints.data.DatasetSplit;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.model.Architectures;
import org.facialkeypoints.model.ModelConfig;
import org.facialkeypoints.model.Pipeline;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A short real run on a few hundred in-the-wild faces of 300-W: the error on faces it never saw falls. */
class W300TrainingTest {

    @Test
    void aShortResnetRunOnThreeHundredFacesLowersTheValidationNme() throws IOException {
        Dataset data = DatasetLoader.load(TestData.ibug300w());
        DatasetSplit split = DatasetSplit.auto(data, null, 1);
        Dataset train = split.train().withSamples("300 training faces", split.train().samples().subList(0, 300));
        Dataset val = split.validation().withSamples("60 validation faces", split.validation().samples().subList(0, 60));
        // ResNet-18 at 64x64 so that four epochs take seconds; the shipped recipe is 160x160 for 40 epochs.
        ModelConfig cfg = Architectures.preset(Pipeline.RESNET, "resnet18", LandmarkSets.IBUG_68).withInputSize(64, 64);
        List<EpochReport> seen = new ArrayList<>();
        TrainingOutcome r = new KeypointTrainer().train(new TrainingRun(cfg, new DatasetSplit(train, val),
                TrainingSettings.defaults(Pipeline.RESNET).withEpochs(4)), new TrainingObserver() {
                    @Override
                    public void onEpoch(EpochReport report) { seen.add(report); }
                });
        assertTrue(r.completed(), r.stopReason());
        assertEquals(4, seen.size());
        double first = seen.get(0).validation().nme(), last = seen.get(3).validation().nme();
        assertTrue(Double.isFinite(first) && last < first, "validation NME " + first + " -> " + last);
        assertTrue(last < 0.25, "NME " + last + " after four epochs on 300 faces");
    }
}
