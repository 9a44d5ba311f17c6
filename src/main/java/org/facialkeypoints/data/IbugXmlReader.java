package org.facialkeypoints.data;

import org.facialkeypoints.geometry.FaceBox;
import org.facialkeypoints.image.ImageFiles;
import org.facialkeypoints.landmarks.LandmarkSet;
import org.facialkeypoints.landmarks.LandmarkSets;
import org.facialkeypoints.landmarks.Landmarks;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the dlib / iBUG 300-W XML layout ({@code labels_ibug_300W_train.xml}): {@code <image file>} elements, each
 * with one or more {@code <box top left width height>} holding {@code <part name x y>} elements. Several faces per
 * image, images in sub-folders relative to the XML, and boxes marked {@code ignore='1'} (skipped) are handled.
 * Parts that are missing become NaN points; {@link Dataset} users drop such faces and say how many.
 */
public final class IbugXmlReader {

    /** What was read, and the faces left out because points were missing. */
    public record Result(Dataset dataset, int facesWithMissingPoints) {}

    /** A face box of an image, as a test file without landmarks gives them. */
    public record FaceOnImage(Path image, FaceBox box) {}

    private IbugXmlReader() {}

    /**
     * Only the images and face boxes, in file order, for files with or without parts (dlib's testing.xml). These
     * name the images to detect on (detect's --boxes, written by --save-boxes with paths relative to the file), so
     * unlike training data they may lie outside the file's folder.
     */
    public static List<FaceOnImage> boxes(Path xml) throws IOException {
        Element root = datasetRoot(xml);
        Path base = xml.toAbsolutePath().getParent();
        List<FaceOnImage> out = new ArrayList<>();
        NodeList images = root.getElementsByTagName("image");
        for (int i = 0; i < images.getLength(); i++) {
            Element img = (Element) images.item(i);
            String file = img.getAttribute("file");
            // The images to detect on, as the command line's own arguments name them: anywhere the user can read.
            if (file.isBlank()) throw new InvalidDataException(xml, "<image> number " + (i + 1) + " has no file attribute");
            Path imagePath = DataPaths.image(xml, base, file, true);
            for (Node n = img.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!(n instanceof Element box) || !"box".equals(box.getTagName()) || "1".equals(box.getAttribute("ignore"))) continue;
                String where = "image '" + DataPaths.shown(file) + "', box " + (out.size() + 1);
                out.add(new FaceOnImage(imagePath, faceBox(xml, box, where)));
            }
        }
        if (out.isEmpty()) throw new InvalidDataException(xml, "holds no faces (no <box> elements)");
        return out;
    }

    private static Element datasetRoot(Path xml) throws IOException {
        Document doc = SafeXml.parse(xml);
        Element root = doc.getDocumentElement();
        if (root == null || !"dataset".equals(root.getTagName())) {
            throw new InvalidDataException(xml, "not an iBUG/dlib landmark file (root element must be <dataset>)");
        }
        return root;
    }

    private static Path imageFile(Path xml, Path base, String file, int index) throws IOException {
        if (file.isBlank()) throw new InvalidDataException(xml, "<image> number " + (index + 1) + " has no file attribute");
        if (file.length() > 4096) throw new InvalidDataException(xml, "<image> number " + (index + 1) + " names a file path of " + file.length() + " characters");
        return resolve(xml, base, file);
    }

    private static FaceBox faceBox(Path xml, Element box, String where) throws IOException {
        double top = number(xml, box, "top", where), left = number(xml, box, "left", where);
        double width = number(xml, box, "width", where), height = number(xml, box, "height", where);
        if (!(width > 0) || !(height > 0)) throw new InvalidDataException(xml, where + ": box width and height must be positive");
        // dlib boxes are whole pixels: columns left .. left + width - 1.
        return new FaceBox(left - 0.5, top - 0.5, width, height);
    }

    public static Result read(Path xml) throws IOException {
        Element root = datasetRoot(xml);
        Path base = xml.toAbsolutePath().getParent();
        List<AnnotatedSample> faces = new ArrayList<>();
        int missing = 0, maxPart = -1;
        List<double[][]> raw = new ArrayList<>();
        List<Object[]> meta = new ArrayList<>();
        NodeList images = root.getElementsByTagName("image");
        for (int i = 0; i < images.getLength(); i++) {
            Element img = (Element) images.item(i);
            String file = img.getAttribute("file");
            Path imagePath = imageFile(xml, base, file, i);
            int[] size = null;
            for (Node n = img.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (!(n instanceof Element box) || !"box".equals(box.getTagName())) continue;
                if ("1".equals(box.getAttribute("ignore"))) continue;
                String where = "image '" + DataPaths.shown(file) + "', box " + (raw.size() + 1);
                FaceBox faceBox = faceBox(xml, box, where);
                List<double[]> parts = new ArrayList<>();
                NodeList ps = box.getElementsByTagName("part");
                for (int k = 0; k < ps.getLength(); k++) {
                    Element p = (Element) ps.item(k);
                    int idx;
                    try {
                        idx = Integer.parseInt(p.getAttribute("name").trim());
                    } catch (NumberFormatException e) {
                        throw new InvalidDataException(xml, where + ": a part's name is not a point number");
                    }
                    if (idx < 0 || idx >= 10_000) throw new InvalidDataException(xml, where + ": part number " + idx + " is out of range");
                    for (double[] q : parts) {
                        if (q[0] == idx) throw new InvalidDataException(xml, where + ": part " + idx + " appears twice");
                    }
                    parts.add(new double[] {idx, number(xml, p, "x", where), number(xml, p, "y", where)});
                    maxPart = Math.max(maxPart, idx);
                }
                if (size == null) size = ImageFiles.dimensions(imagePath);
                double[][] arr = parts.toArray(new double[0][]);
                raw.add(arr);
                meta.add(new Object[] {imagePath, size, faceBox});
            }
        }
        if (raw.isEmpty()) throw new InvalidDataException(xml, "holds no faces (no <box> elements)");
        int n = maxPart + 1;
        if (n <= 0) throw new InvalidDataException(xml, "no <part> elements: the faces have no landmarks");
        for (int f = 0; f < raw.size(); f++) {
            double[] x = new double[n], y = new double[n];
            Arrays.fill(x, Double.NaN);
            Arrays.fill(y, Double.NaN);
            for (double[] p : raw.get(f)) {
                x[(int) p[0]] = p[1];
                y[(int) p[0]] = p[2];
            }
            Landmarks pts = new Landmarks(x, y);
            Object[] m = meta.get(f);
            int[] size = (int[]) m[1];
            if (!pts.allFinite()) {
                missing++;
                continue;
            }
            faces.add(new AnnotatedSample((Path) m[0], 1, size[0], size[1], pts, (FaceBox) m[2]));
        }
        if (faces.isEmpty()) throw new InvalidDataException(xml, "every face misses some of its " + n + " points");
        LandmarkSet set = n == 68 ? LandmarkSets.IBUG_68 : n == 58 ? LandmarkSets.IMM_58 : generic(n);
        String desc = "iBUG XML " + xml.getFileName() + (missing > 0 ? " (" + missing + " faces with missing points left out)" : "");
        return new Result(new Dataset(desc, set, faces), missing);
    }

    static LandmarkSet generic(int n) {
        List<String> names = new ArrayList<>();
        int[] self = new int[n];
        for (int i = 0; i < n; i++) {
            names.add(String.format("p%02d", i));
            self[i] = i;
        }
        return new LandmarkSet("points-" + n, names, self);
    }

    private static Path resolve(Path xml, Path base, String file) throws InvalidDataException {
        return DataPaths.image(xml, base, file);
    }

    private static double number(Path xml, Element e, String attr, String where) throws InvalidDataException {
        String s = e.getAttribute(attr);
        if (s.isBlank()) throw new InvalidDataException(xml, where + ": <" + e.getTagName() + "> has no " + attr + " attribute");
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException ex) {
            throw new InvalidDataException(xml, where + ": " + attr + " is not a number");
        }
        if (!Double.isFinite(v) || Math.abs(v) > 1e6) throw new InvalidDataException(xml, where + ": " + attr + " is out of range");
        return v;
    }
}
