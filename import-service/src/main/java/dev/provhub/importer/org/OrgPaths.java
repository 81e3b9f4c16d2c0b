package dev.provhub.importer.org;

import java.util.ArrayList;
import java.util.List;

/** Organisation paths: {@code /Root/Schools/North}, segments separated by {@code /}, compared case-insensitively. */
public final class OrgPaths {

    private OrgPaths() {
    }

    /**
     * The path in its canonical form (leading slash, no empty segments, no trailing slash).
     *
     * @throws InvalidSettingsException for no path, or a path with {@code .} or {@code ..}
     */
    public static String normalise(String path) {
        if (path == null || path.isBlank()) {
            throw new InvalidSettingsException("path", "an organisation path is required, e.g. /Root/Moran");
        }
        if (path.chars().anyMatch(Character::isISOControl)) {
            // a NUL in particular: PostgreSQL text cannot hold it, so the path could not even be looked up
            throw new InvalidSettingsException("path", "an organisation path cannot contain control characters");
        }
        String trimmed = path.trim().replace('\\', '/');
        List<String> segments = new ArrayList<>();
        for (String segment : trimmed.split("/")) {
            String s = segment.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (s.equals(".") || s.equals("..")) {
                throw new InvalidSettingsException("path", "an organisation path cannot contain '" + s + "': " + path);
            }
            segments.add(s);
        }
        if (segments.isEmpty()) {
            throw new InvalidSettingsException("path", "an organisation path needs at least one name: " + path);
        }
        return "/" + String.join("/", segments);
    }

    /** The parent's path, or null for a root. */
    public static String parent(String normalisedPath) {
        int slash = normalisedPath.lastIndexOf('/');
        return slash <= 0 ? null : normalisedPath.substring(0, slash);
    }

    public static String name(String normalisedPath) {
        return normalisedPath.substring(normalisedPath.lastIndexOf('/') + 1);
    }

    /** The root segment's path, e.g. {@code /Root} for {@code /Root/Schools/North}. */
    public static String root(String normalisedPath) {
        int second = normalisedPath.indexOf('/', 1);
        return second < 0 ? normalisedPath : normalisedPath.substring(0, second);
    }
}
