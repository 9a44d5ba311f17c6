// Train a keypoint model from a folder of annotated faces and report its validation error.
// The folder holds IMM .asf files beside their images, or images with their point selections beside them
// (name.zip / name_RoiSet.zip / name.roi), as Detect Keypoints and Export Keypoints write them.
//
//   ImageJ -batch train_from_folder.ijm "folder=/path/to/faces output=/path/to/model.zip pipeline=face epochs=25"

args = getArgument();
folder = valueOf(args, "folder", "");
output = valueOf(args, "output", "");
pipeline = valueOf(args, "pipeline", "face");
epochs = valueOf(args, "epochs", "25");
if (folder == "") folder = getDirectory("Folder with annotated faces");
if (output == "") output = File.openDialog("Where to save the model (.zip)");

run("Train Keypoint Model", "source=folder folder=[" + folder + "] pipeline=" + pipeline + " epochs=" + epochs
    + " learning_rate=0.001 batch_size=16 validation_fraction=0.2 output=[" + output + "]");
// The plugin logs one line per epoch and a last line with the best validation error.
log = getInfo("log");
lines = split(log, "\n");
for (i = lines.length - 1; i >= 0; i--) {
    if (indexOf(lines[i], "training done") >= 0 || indexOf(lines[i], "training stopped") >= 0) {
        print("Result: " + lines[i]);
        break;
    }
}

function valueOf(s, key, fallback) {
    i = indexOf(" " + s, " " + key + "=");
    if (i < 0) return fallback;
    rest = substring(s, i + lengthOf(key) + 1);
    if (startsWith(rest, "[")) return substring(rest, 1, indexOf(rest, "]"));
    j = indexOf(rest, " ");
    if (j < 0) return rest;
    return substring(rest, 0, j);
}
