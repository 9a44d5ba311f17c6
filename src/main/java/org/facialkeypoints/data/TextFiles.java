package org.facialkeypoints.data;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The lines of a small text annotation file in whatever encoding annotation tools write: UTF-8 with or without a
 * byte-order mark, UTF-16 with a byte-order mark or (recognised by its zero bytes) without, and Latin-1 for old
 * files that are not valid UTF-8.
 */
final class TextFiles {

    private TextFiles() {}

    static List<String> lines(byte[] b) {
        return decode(b).lines().toList();
    }

    static String decode(byte[] b) {
        int n = b.length;
        if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) return utf8(b, 3);
        if (n >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) return new String(b, 2, n - 2, StandardCharsets.UTF_16BE);
        if (n >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) return new String(b, 2, n - 2, StandardCharsets.UTF_16LE);
        if (n >= 4 && n % 2 == 0) {
            int evenZero = 0, oddZero = 0;
            for (int i = 0; i + 1 < Math.min(n, 512); i += 2) {
                if (b[i] == 0) evenZero++;
                if (b[i + 1] == 0) oddZero++;
            }
            int pairs = Math.min(n, 512) / 2;
            if (oddZero > pairs * 0.9 && evenZero == 0) return new String(b, StandardCharsets.UTF_16LE);
            if (evenZero > pairs * 0.9 && oddZero == 0) return new String(b, StandardCharsets.UTF_16BE);
        }
        return utf8(b, 0);
    }

    private static String utf8(byte[] b, int from) {
        try {
            return strict(StandardCharsets.UTF_8).decode(ByteBuffer.wrap(b, from, b.length - from)).toString();
        } catch (CharacterCodingException e) {
            // Old shape files may be Latin-1 in their comments; the numbers are ASCII either way.
            return new String(b, from, b.length - from, StandardCharsets.ISO_8859_1);
        }
    }

    private static java.nio.charset.CharsetDecoder strict(Charset c) {
        return c.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
