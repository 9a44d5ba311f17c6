package org.facialkeypoints.bundle;

/** The program's version, from the jar's manifest when there is one. */
public final class Version {

    private Version() {}

    public static String text() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
