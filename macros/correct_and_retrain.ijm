// A worked example of the correct-and-retrain loop:
//   1. detect keypoints on a folder of faces with a model,
//   2. correct them (here: you drag points in each image; in batch mode the detections are kept as they are),
//   3. export the corrected points beside the images,
//   4. train a new model on them, starting from the old one.
//
//   ImageJ -batch correct_and_retrain.ijm "input=/path/to/faces work=/path/to/work model=face epochs=10"

args = getArgument();
input = valueOf(args, "input", "");
work = valueOf(args, "work", "");
model = valueOf(args, "model", "face");
epochs = valueOf(args, "epochs", "10");
if (input == "") input = getDirectory("Faces to annotate");
if (work == "") work = getDirectory("Working folder (annotations and the new model go here)");
if (!endsWith(input, File.separator)) input = input + File.separator;
if (!endsWith(work, File.separator)) work = work + File.separator;
annotations = work + "annotations" + File.separator;
File.makeDirectory(annotations);

interactive = !is("Batch Mode") && getArgument() == "";
files = getFileList(input);
n = 0;
for (i = 0; i < files.length; i++) {
    lower = toLowerCase(files[i]);
    if (!(endsWith(lower, ".jpg") || endsWith(lower, ".png") || endsWith(lower, ".tif"))) continue;
    open(input + files[i]);
    // 1. detect: the points become the image's point selection
    run("Detect Keypoints", "model=[" + model + "]");
    // 2. correct: drag the wrong points, then click OK
    if (interactive) waitForUser("Correct the points", "Drag any wrong point to its place, then click OK.");
    // 3. export the (corrected) selection; the image is copied beside it
    run("Export Keypoints", "format=asf folder=[" + annotations + "]");
    close("*");
    n++;
}
print("Exported " + n + " annotated face(s) to " + annotations);
// 4. train again on the corrected faces, starting from the model that made the first guess
run("Train Keypoint Model", "source=folder folder=[" + annotations + "] pipeline=face epochs=" + epochs
    + " learning_rate=0.0005 batch_size=4 validation_fraction=0.25 output=[" + work + "retrained.zip] start_from=[" + model + "]");
print("New model: " + work + "retrained.zip");

function valueOf(s, key, fallback) {
    i = indexOf(" " + s, " " + key + "=");
    if (i < 0) return fallback;
    rest = substring(s, i + lengthOf(key) + 1);
    if (startsWith(rest, "[")) return substring(rest, 1, indexOf(rest, "]"));
    j = indexOf(rest, " ");
    if (j < 0) return rest;
    return substring(rest, 0, j);
}
