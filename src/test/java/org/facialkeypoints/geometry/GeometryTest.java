package org.facialkeypoints.geometry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GeometryTest {

    @Test
    void composeAppliesFirstThenSecondAndInverseUndoes() {
        Affine2D t = Affine2D.rotation(0.3).then(Affine2D.translation(5, -2)).then(Affine2D.scaling(2, 3));
        double x = 7, y = 11;
        double x1 = Math.cos(0.3) * x + Math.sin(0.3) * y + 5, y1 = -Math.sin(0.3) * x + Math.cos(0.3) * y - 2;
        assertEquals(2 * x1, t.applyX(x, y), 1e-9);
        assertEquals(3 * y1, t.applyY(x, y), 1e-9);
        Affine2D inv = t.inverse();
        assertEquals(x, inv.applyX(t.applyX(x, y), t.applyY(x, y)), 1e-9);
        assertEquals(y, inv.applyY(t.applyX(x, y), t.applyY(x, y)), 1e-9);
    }

    @Test
    void resizeMapsOuterEdgesAndPixelCentres() {
        Affine2D r = Affine2D.resize(640, 480, 80, 60);
        // The outer edges of both grids line up.
        assertEquals(-0.5, r.applyX(-0.5, 0), 1e-12);
        assertEquals(79.5, r.applyX(639.5, 0), 1e-12);
        assertEquals(59.5, r.applyY(0, 479.5), 1e-12);
        // The centre of the 8x8 block of pixels 0..7 is pixel 0 of the small grid.
        assertEquals(0, r.applyX(3.5, 3.5), 1e-12);
        assertEquals(0, r.applyY(3.5, 3.5), 1e-12);
    }

    @Test
    void horizontalFlipSwapsFirstAndLastColumn() {
        Affine2D f = Affine2D.horizontalFlip(100);
        assertEquals(99, f.applyX(0, 5), 0);
        assertEquals(0, f.applyX(99, 5), 0);
        assertEquals(5, f.applyY(0, 5), 0);
    }

    @Test
    void squareCropIsCentredOnTheBoxAndKeepsAspect() {
        FaceBox box = new FaceBox(100, 50, 200, 100);
        CropWindow w = CropWindow.squareAround(box, 0.2, 224, 224);
        // The box centre maps to the crop centre, halfway between pixels 111 and 112 of 224.
        assertEquals(111.5, w.toInput().applyX(box.centerX(), box.centerY()), 1e-9);
        assertEquals(111.5, w.toInput().applyY(box.centerX(), box.centerY()), 1e-9);
        double side = 200 * 1.2;
        assertEquals(224 / side, w.toInput().a(), 1e-12);
        assertEquals(224 / side, w.toInput().e(), 1e-12);
        // The square's left edge is the input's left edge.
        assertEquals(-0.5, w.toInput().applyX(box.centerX() - side / 2, 0), 1e-9);
    }

    @Test
    void wholeImageWindowStretchesToTheInput() {
        CropWindow w = CropWindow.wholeImage(640, 480, 240, 180);
        assertEquals(239.5, w.toInput().applyX(639.5, 0), 1e-9);
        assertEquals(-0.5, w.toOriginal().applyY(0, -0.5), 1e-9);
    }

    @Test
    void boxAroundPointsCoversTheirPixels() {
        FaceBox b = FaceBox.around(new org.facialkeypoints.landmarks.Landmarks(new double[] {10, 20}, new double[] {5, 30}));
        assertEquals(9.5, b.left(), 0);
        assertEquals(4.5, b.top(), 0);
        assertEquals(11, b.width(), 0);
        assertEquals(26, b.height(), 0);
    }

    /**
     * An upright crop: eyes on a line tilted by the roll come out level in the model's input, the box's centre lands
     * at the input's centre, and every point maps back to where it was exactly; roll 0 is the plain square.
     */
    @Test
    void uprightCropsLevelTheEyesAndMapPointsBackExactly() {
        FaceBox box = new FaceBox(100, 80, 60, 70);
        double roll = Math.toRadians(25);
        double cx = box.centerX(), cy = box.centerY();
        double rx = cx - 20 * Math.cos(roll), ry = cy - 20 * Math.sin(roll) - 10;
        double lx = cx + 20 * Math.cos(roll), ly = cy + 20 * Math.sin(roll) - 10;
        CropWindow w = CropWindow.squareAround(box, 0.2, roll, 128, 128);
        Affine2D in = w.toInput();
        assertEquals(in.applyY(rx, ry), in.applyY(lx, ly), 1e-9, "the eyes lie level");
        assertEquals(63.5, in.applyX(cx, cy), 1e-9, "the box's centre at the input's centre");
        assertEquals(63.5, in.applyY(cx, cy), 1e-9);
        Affine2D back = w.toOriginal();
        for (double[] p : new double[][] {{rx, ry}, {lx, ly}, {0, 0}, {517.25, -3.5}}) {
            double x = in.applyX(p[0], p[1]), y = in.applyY(p[0], p[1]);
            assertEquals(p[0], back.applyX(x, y), 1e-9);
            assertEquals(p[1], back.applyY(x, y), 1e-9);
        }
        CropWindow plain = CropWindow.squareAround(box, 0.2, 128, 128), none = CropWindow.squareAround(box, 0.2, 0, 128, 128);
        assertEquals(plain.toInput().applyX(7, 9), none.toInput().applyX(7, 9), 1e-9);
        assertEquals(plain.toInput().applyY(7, 9), none.toInput().applyY(7, 9), 1e-9);
    }
}
