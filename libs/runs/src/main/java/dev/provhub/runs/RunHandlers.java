package dev.provhub.runs;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

/** The service's run handlers by kind. */
@ApplicationScoped
public class RunHandlers {

    private final Map<String, RunHandler> byKind = new TreeMap<>();

    RunHandlers(@Any Instance<RunHandler> handlers) {
        for (RunHandler handler : handlers) {
            RunHandler previous = byKind.put(handler.kind(), handler);
            if (previous != null) {
                throw new IllegalStateException("two run handlers for kind " + handler.kind());
            }
        }
    }

    /** The handler of {@code kind}, or null. */
    public RunHandler forKind(String kind) {
        return byKind.get(kind);
    }

    public Set<String> kinds() {
        return byKind.keySet();
    }
}
