package org.facialkeypoints.data;

import org.facialkeypoints.TestData;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 300-W split keeps the faces of one source photo together and validates on about a tenth of the photos. */
class DatasetSplitTest {

    @Test
    void w300FacesOfOnePhotoNeverStraddleTheSplit() throws Exception {
        Dataset data = DatasetLoader.load(TestData.root().resolve("ibug_300w_train"));
        assertEquals(DatasetSplit.W300_FRACTION, DatasetSplit.defaultFraction(data));
        DatasetSplit split = DatasetSplit.auto(data, (Double) null, 1);
        Set<String> trainPhotos = new HashSet<>();
        for (AnnotatedSample s : split.train().samples()) trainPhotos.add(DatasetSplit.sourcePhoto(s));
        Set<String> valPhotos = new HashSet<>();
        for (AnnotatedSample s : split.validation().samples()) {
            assertFalse(trainPhotos.contains(DatasetSplit.sourcePhoto(s)), s.imageName() + " has a face on both sides");
            valPhotos.add(DatasetSplit.sourcePhoto(s));
        }
        int photos = trainPhotos.size() + valPhotos.size();
        assertEquals(Math.round(photos * 0.1), valPhotos.size());
        assertEquals(data.size(), split.train().size() + split.validation().size());
        // Several HELEN/AFW photos hold more than one face: grouping is what makes this test able to fail.
        assertTrue(photos < data.size(), photos + " photos for " + data.size() + " faces");
    }

    @Test
    void otherDataKeepsTheTwentyPercentDefault() throws Exception {
        assertEquals(DatasetSplit.DEFAULT_FRACTION, DatasetSplit.defaultFraction(DatasetLoader.load(TestData.dlib().resolve("training_with_face_landmarks.xml"))));
    }
}
