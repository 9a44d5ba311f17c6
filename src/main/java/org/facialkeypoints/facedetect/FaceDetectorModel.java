package org.facialkeypoints.facedetect;

/** The one detector model this package runs, pinned by name, content and source, with its terms and citation. */
public final class FaceDetectorModel {

    /** YuNet-n exported at 640x640; OpenCV runs it on any input size through setInputSize. */
    public static final String FILE_NAME = "yunet_n_640_640.onnx";

    /** SHA-256 of the file at the pinned commit; a cached or downloaded copy must match it exactly. */
    public static final String SHA256 = "25a606a145a5b6d7271ae138fbd00eba91dad8b83222ae3f2c7ecd0f4a7b0e31";

    /** The authors' training repository at a fixed commit, so the bytes behind the URL cannot change. */
    public static final String URL = "https://raw.githubusercontent.com/ShiqiYu/libfacedetection.train/"
            + "0047ac24afb1a50a0c6105001c89d1b5b805dbf1/onnx/" + FILE_NAME;

    /** The model file is 317,466 bytes; 10 MB is far above any YuNet export and far below a wrong file worth reading. */
    public static final long MAX_BYTES = 10L << 20;

    public static final String LICENSE = "Apache License 2.0";

    public static final String CITATION = "W. Wu, H. Peng, S. Yu, \"YuNet: A Tiny Millisecond-level Face Detector\", "
            + "Machine Intelligence Research, 2023, doi:10.1007/s11633-023-1423-y";

    public static final String CREDIT = "Faces are found with YuNet (YuNet-n, " + FILE_NAME + ") by Wei Wu, Hanyang Peng "
            + "and Shiqi Yu, from their repository libfacedetection.train, under the " + LICENSE + ", run through "
            + "OpenCV's FaceDetectorYN; the model is not part of this plugin and is fetched once from " + URL
            + " into the user cache (or read from a file you give). Please cite: " + CITATION + ".";

    private FaceDetectorModel() {}
}
