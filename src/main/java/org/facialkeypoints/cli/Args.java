package org.facialkeypoints.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: {@code --name value} options, {@code --flag} switches, and positional values. Each command
 * declares what it accepts so a misspelt option is an error, not silently ignored.
 */
public final class Args {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final Set<String> flags = new HashSet<>();
    private final List<String> positional = new ArrayList<>();

    private Args() {}

    public static Args parse(String[] argv, Set<String> valueOptions, Set<String> flagOptions) throws UsageException {
        Args a = new Args();
        for (int i = 0; i < argv.length; i++) {
            String s = argv[i];
            if (s.startsWith("--") && s.length() > 2) {
                String name = s.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flagOptions.contains(name)) {
                    if (value != null) throw new UsageException("option --" + name + " takes no value");
                    a.flags.add(name);
                } else if (valueOptions.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= argv.length) throw new UsageException("option --" + name + " needs a value");
                        value = argv[++i];
                    }
                    if (a.options.put(name, value) != null) throw new UsageException("option --" + name + " is given twice");
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    public boolean has(String name) { return options.containsKey(name) || flags.contains(name); }

    public boolean flag(String name) { return flags.contains(name); }

    public String get(String name, String fallback) { return options.getOrDefault(name, fallback); }

    public String require(String name) throws UsageException {
        String v = options.get(name);
        if (v == null) throw new UsageException("missing required option --" + name);
        return v;
    }

    public int getInt(String name, int fallback) throws UsageException {
        String v = options.get(name);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    public long getLong(String name, long fallback) throws UsageException {
        String v = options.get(name);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + v + "'");
        }
    }

    public double getDouble(String name, double fallback) throws UsageException {
        String v = options.get(name);
        if (v == null) return fallback;
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + v + "'");
        }
    }

    public List<String> positional() { return positional; }
}
