package dev.provhub.system;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A replica's Prometheus metrics ({@code /q/metrics}), read as an operator's dashboard reads them. */
final class Metrics {

    private Metrics() {
    }

    /**
     * The value of counter or gauge {@code name} on the series whose labels include {@code label} (as written in the
     * exposition, {@code outcome="applied"}; empty for any series); 0 while the series does not exist yet.
     */
    static long value(ServiceProcess replica, String name, String label) throws Exception {
        return (long) decimal(replica, name, label);
    }

    /** As {@link #value}, unrounded: a gauge or a quantile in seconds. */
    static double decimal(ServiceProcess replica, String name, String label) throws Exception {
        String labels = label.isEmpty() ? "(\\{[^}]*})?" : "\\{[^}]*" + Pattern.quote(label) + "[^}]*}";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + labels + " ([0-9.E+-]+)$")
                .matcher(replica.get("/q/metrics", null).body());
        return m.find() ? Double.parseDouble(m.group(m.groupCount())) : 0;
    }
}
