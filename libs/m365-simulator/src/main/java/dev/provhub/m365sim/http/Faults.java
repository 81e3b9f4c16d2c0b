package dev.provhub.m365sim.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Faults injected for the next requests whose path matches a pattern. Each rule fires for its next {@code times}
 * matching requests and is then spent; rules are tried in the order they were added.
 */
public final class Faults {

    private static final class Rule {
        final Pattern path;
        final Fault fault;
        int remaining;

        Rule(Pattern path, Fault fault, int remaining) {
            this.path = path;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    /**
     * @param pathRegex a regular expression found ({@code Matcher.find}) in the request's full path, e.g.
     *        {@code "/groups/[^/]+/members"} or {@code "/oauth2/v2.0/token"}
     */
    public synchronized void inject(String pathRegex, Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("a fault fires at least once: " + times);
        }
        rules.add(new Rule(Pattern.compile(pathRegex), fault, times));
    }

    /** The fault for this path, consuming one use of its rule, or null. */
    public synchronized Fault take(String path) {
        for (Iterator<Rule> iterator = rules.iterator(); iterator.hasNext();) {
            Rule rule = iterator.next();
            if (rule.path.matcher(path).find()) {
                if (--rule.remaining == 0) {
                    iterator.remove();
                }
                return rule.fault;
            }
        }
        return null;
    }

    public synchronized void clear() {
        rules.clear();
    }
}
