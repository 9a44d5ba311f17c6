package org.facialkeypoints.fiji.ij1;

import ij.Macro;

import java.util.Set;

/**
 * Macro options as both hosts record them. ImageJ 1 records a ticked checkbox as its bare key
 * ({@code show_labels}) and an unticked one not at all; ImageJ2's recorder writes {@code show_labels=true
 * results_table=false}, which ImageJ 1's dialog would read as two unticked boxes. Rewriting the second form into
 * the first before the dialog reads it lets a line recorded in either host replay in both.
 */
final class MacroOptions {

    private MacroOptions() {}

    /** Rewrites the calling thread's macro options (when a macro is running) for these checkbox keys. */
    static void acceptBooleans(String... checkboxKeys) {
        String options = Macro.getOptions();
        if (options != null) Macro.setOptions(bareCheckboxes(options, Set.of(checkboxKeys)));
    }

    /**
     * {@code key=true} becomes {@code key} and {@code key=false} goes, for the given keys only; every other
     * option, bracketed values included, is kept as it was.
     */
    static String bareCheckboxes(String options, Set<String> checkboxKeys) {
        StringBuilder out = new StringBuilder();
        int i = 0, n = options.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(options.charAt(i))) i++;
            if (i >= n) break;
            int start = i;
            while (i < n && !Character.isWhitespace(options.charAt(i)) && options.charAt(i) != '=') i++;
            String key = options.substring(start, i);
            String value = null;
            if (i < n && options.charAt(i) == '=') {
                int valueStart = ++i;
                if (i < n && options.charAt(i) == '[') {
                    int close = options.indexOf(']', i);
                    i = close < 0 ? n : close + 1;
                } else {
                    while (i < n && !Character.isWhitespace(options.charAt(i))) i++;
                }
                value = options.substring(valueStart, i);
            }
            String token = options.substring(start, i);
            if (value != null && checkboxKeys.contains(key)) {
                String v = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
                if (v.equalsIgnoreCase("false")) continue;
                if (v.equalsIgnoreCase("true")) token = key;
            }
            if (!out.isEmpty()) out.append(' ');
            out.append(token);
        }
        // ImageJ 1 finds a key by the space after it: the options end in one.
        return out.append(' ').toString();
    }
}
