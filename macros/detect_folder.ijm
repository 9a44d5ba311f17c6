// Detect facial keypoints in every image of a folder.
// Writes <image>.csv (image,face,point,name,x,y,score) and <image>.zip (RoiSet with one point selection per face)
// into the output folder, then prints a summary.
//
// Interactive: asks for the folders. Batch:
//   ImageJ -batch detect_folder.ijm "input=/path/to/images output=/path/to/results model=face68"
// model is a built-in name (face68, unet68, resnet68, nose, face, resnet, unet) or the path of a model bundle;
// default face68, which finds every face with the YuNet face detector.

args = getArgument();
input = valueOf(args, "input", "");
output = valueOf(args, "output", "");
model = valueOf(args, "model", "face68");
if (input == "") input = getDirectory("Folder with images");
if (output == "") output = getDirectory("Folder for the results");
if (!endsWith(input, File.separator)) input = input + File.separator;
if (!endsWith(output, File.separator)) output = output + File.separator;
File.makeDirectory(output);

setBatchMode(true);
files = getFileList(input);
done = 0; skipped = 0; points = 0;
for (i = 0; i < files.length; i++) {
    name = files[i];
    lower = toLowerCase(name);
    if (!(endsWith(lower, ".jpg") || endsWith(lower, ".jpeg") || endsWith(lower, ".png") || endsWith(lower, ".tif") || endsWith(lower, ".tiff")))
        continue;
    open(input + name);
    stem = File.nameWithoutExtension;
    run("Detect Keypoints", "model=[" + model + "] roi_set=[" + output + stem + ".zip] csv=[" + output + stem + ".csv]");
    if (File.exists(output + stem + ".csv")) {
        done++;
        getSelectionCoordinates(xs, ys);
        points = points + xs.length;
    } else {
        skipped++;
        print("skipped " + name);
    }
    close("*");
}
print("Detected keypoints in " + done + " image(s) (" + points + " points on the first face of each), skipped " + skipped + "; results in " + output);

// The value of key=value in an argument string; values may be [bracketed] to hold spaces.
function valueOf(s, key, fallback) {
    i = indexOf(" " + s, " " + key + "=");
    if (i < 0) return fallback;
    rest = substring(s, i + lengthOf(key) + 1);
    if (startsWith(rest, "[")) return substring(rest, 1, indexOf(rest, "]"));
    j = indexOf(rest, " ");
    if (j < 0) return rest;
    return substring(rest, 0, j);
}
