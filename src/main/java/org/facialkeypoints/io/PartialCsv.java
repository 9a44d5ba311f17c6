package org.facialkeypoints.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A table written as its rows come, so that an interrupted run keeps what it finished: the rows go to
 * {@code <name>.partial} beside the target, each image's rows in one write, and the file takes the target's name
 * only when the run completes. A rerun with {@code resume} keeps the rows of the images already there and reports
 * them done; the last image's rows are dropped and done again, since a kill may have cut them short.
 */
public final class PartialCsv implements AutoCloseable {

    private final Path target, partial;
    private final BufferedWriter out;
    private final Set<String> done;
    private boolean finished;

    private PartialCsv(Path target, Path partial, BufferedWriter out, Set<String> done) {
        this.target = target;
        this.partial = partial;
        this.out = out;
        this.done = done;
    }

    public static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    /** Starts the table with its header line, or with {@code resume} continues the partial file a run left. */
    public static PartialCsv open(Path target, String header, boolean resume) throws IOException {
        Path partial = partialOf(target);
        AtomicFiles.checkWritable(target);
        List<String> kept = new ArrayList<>();
        Set<String> done = new HashSet<>();
        if (resume && Files.isRegularFile(partial)) {
            List<String> lines = readComplete(partial);
            if (lines.isEmpty() || !lines.get(0).equals(header)) {
                throw new IOException(partial + " has other columns than this run writes (another kind of model?): remove it or run without --resume");
            }
            String last = lines.size() > 1 ? firstField(lines.get(lines.size() - 1)) : null;
            for (String l : lines.subList(1, lines.size())) {
                String image = firstField(l);
                if (image.equals(last)) continue;
                kept.add(l);
                done.add(image);
            }
        }
        BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        try {
            w.write(header);
            w.write('\n');
            for (String l : kept) {
                w.write(l);
                w.write('\n');
            }
            w.flush();
        } catch (IOException e) {
            w.close();
            throw new IOException("Cannot write " + partial + ": " + e.getMessage(), e);
        }
        return new PartialCsv(target, partial, w, done);
    }

    /** Whether a resumed run already has rows naming this image (as the image column writes it). */
    public boolean done(String image) { return done.contains(image); }

    public int doneCount() { return done.size(); }

    public Path partial() { return partial; }

    /** One image's rows, written and flushed at once. */
    public void append(String rows) throws IOException {
        if (rows.isEmpty()) return;
        try {
            out.write(rows);
            out.flush();
        } catch (IOException e) {
            String m = e.getMessage();
            throw new IOException("Cannot write " + partial + ": " + (m != null && m.contains("No space left") ? "the disk is full" : m)
                    + "; the rows so far are kept there (run again with --resume)", e);
        }
    }

    /** The run completed: the partial file becomes the table. */
    public void finish() throws IOException {
        out.close();
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
        finished = true;
    }

    public boolean finished() { return finished; }

    /** Closes without finishing: the partial file stays for a rerun with --resume. */
    @Override
    public void close() throws IOException {
        if (!finished) out.close();
    }

    /** The lines that end in a line break; a last line a kill cut short is left out. */
    private static List<String> readComplete(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        if (end < 0) return List.of();
        return List.of(text.substring(0, end).split("\n", -1));
    }

    /** The first column of a CSV line, unquoted as {@link KeypointCsv} quotes it. */
    static String firstField(String line) {
        if (!line.startsWith("\"")) {
            int comma = line.indexOf(',');
            return comma < 0 ? line : line.substring(0, comma);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    sb.append('"');
                    i++;
                } else {
                    break;
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
