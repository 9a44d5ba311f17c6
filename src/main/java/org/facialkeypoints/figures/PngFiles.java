package org.facialkeypoints.figures;

import org.facialkeypoints.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Writes PNG files atomically. */
public final class PngFiles {

    private PngFiles() {}

    public static void write(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer available");
        });
    }
}
