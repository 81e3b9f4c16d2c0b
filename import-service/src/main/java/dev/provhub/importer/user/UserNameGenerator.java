package dev.provhub.importer.user;

import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Generates unique user names from a scheme such as {@code <firstname>.<lastname>} (the default) or
 * {@code <firstname>[0]<lastname>}: placeholders {@code <firstname>}, {@code <lastname>}, {@code <email>} (the
 * part before {@code @}), {@code <orgloginid>}, {@code <recorduid>}, each optionally followed by {@code [0]} for
 * its first letter. Names are lower case ASCII ({@code Äänekoski} gives {@code aanekoski}); a name already handed
 * out gets a number (aapo.kiilunen, aapo.kiilunen2, ...). Numbers are never reused, even after a delete.
 */
@ApplicationScoped
public class UserNameGenerator {

    private static final Pattern PLACEHOLDER = Pattern.compile("<([a-z]+)>(\\[0])?");
    private static final int MAX_LENGTH = 64;
    // compiled once: a first import cleans a name for every new user
    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Pattern NOT_IN_NAMES = Pattern.compile("[^a-z0-9._-]");
    private static final Pattern DOTS = Pattern.compile("\\.{2,}");
    private static final Pattern EDGES = Pattern.compile("^[._-]+|[._-]+$");

    private final EntityManager em;

    UserNameGenerator(EntityManager em) {
        this.em = em;
    }

    public record Source(String firstName, String lastName, String email, String orgLoginId, String recordUid) {
    }

    /**
     * Names taken from the counters ahead, for the users a batch is about to create: one round trip for the whole
     * batch instead of one per user.
     */
    public static final class Reserved {

        private final Map<String, Deque<String>> byBase = new HashMap<>();

        /** The next reserved name for {@code base}, or null. */
        String take(String base) {
            Deque<String> names = byBase.get(base);
            return names == null ? null : names.pollFirst();
        }

        /** How many names are still reserved. */
        public int size() {
            return byBase.values().stream().mapToInt(Deque::size).sum();
        }
    }

    /**
     * Reserves a number from each base's counter for every entry of {@code bases} (a base may repeat), in one round
     * trip, and checks in one more that the names they give are free. Numbers not used later are simply skipped:
     * a number is never handed out twice.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Reserved reserve(Collection<String> bases) {
        var reserved = new Reserved();
        if (bases.isEmpty()) {
            return reserved;
        }
        Map<String, Integer> counts = new TreeMap<>();
        bases.forEach(base -> counts.merge(base, 1, Integer::sum));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                insert into user_name_counter (base_name, last)
                select b, n from unnest(cast(?1 as text[]), cast(?2 as int[])) as t(b, n)
                on conflict (base_name) do update set last = user_name_counter.last + excluded.last
                returning base_name, last""")
                .setParameter(1, counts.keySet().toArray(String[]::new))
                .setParameter(2, counts.values().toArray(Integer[]::new))
                .getResultList();
        Map<String, String> candidates = new LinkedHashMap<>();
        for (Object[] row : rows) {
            String base = (String) row[0];
            int last = ((Number) row[1]).intValue();
            for (int n = last - counts.get(base) + 1; n <= last; n++) {
                // two bases can give one name ("a.b" number 2, "a.b2" number 1): the first keeps it
                candidates.putIfAbsent(n == 1 ? base : base + n, base);
            }
        }
        @SuppressWarnings("unchecked")
        List<String> taken = em.createNativeQuery("select lower(user_name) from directory_user "
                + "where lower(user_name) = any (cast(?1 as text[]))")
                .setParameter(1, candidates.keySet().toArray(String[]::new)).getResultList();
        taken.forEach(candidates::remove);
        candidates.forEach((name, base) -> reserved.byBase.computeIfAbsent(base, b -> new ArrayDeque<>()).add(name));
        return reserved;
    }

    /** A unique name for {@code source}: a reserved one when there is one for its base, else the next free one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String generate(String scheme, Source source, Reserved reserved) {
        String name = reserved == null ? null : reserved.take(base(scheme, source));
        return name != null ? name : generate(scheme, source);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public String generate(String scheme, Source source) {
        String base = base(scheme, source);
        while (true) {
            // one round trip: take the next number for the base and check that the name it gives is free
            Object[] next = (Object[]) em.createNativeQuery("with next as ("
                    + " insert into user_name_counter (base_name, last) values (?1, 1)"
                    + " on conflict (base_name) do update set last = user_name_counter.last + 1 returning last)"
                    + " select last, exists (select 1 from directory_user d where lower(d.user_name)"
                    + " = case when last = 1 then ?1 else ?1 || last end) from next")
                    .setParameter(1, base).getSingleResult();
            int n = ((Number) next[0]).intValue();
            if (!(Boolean) next[1]) {
                return n == 1 ? base : base + n;
            }
        }
    }

    /** The name {@code scheme} gives {@code source} before a number is added. */
    public static String base(String scheme, Source source) {
        Matcher matcher = PLACEHOLDER.matcher(scheme);
        var name = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            name.append(scheme, last, matcher.start());
            String value = switch (matcher.group(1)) {
                case "firstname" -> source.firstName();
                case "lastname" -> source.lastName();
                case "email" -> source.email() == null ? null : source.email().replaceFirst("@.*", "");
                case "orgloginid" -> source.orgLoginId();
                case "recorduid" -> source.recordUid();
                default -> throw new IllegalArgumentException("unknown user name placeholder " + matcher.group());
            };
            value = value == null ? "" : value.trim();
            if (matcher.group(2) != null && !value.isEmpty()) {
                value = value.substring(0, 1);
            }
            name.append(value);
            last = matcher.end();
        }
        name.append(scheme.substring(last));
        String cleaned = clean(name.toString());
        if (cleaned.isEmpty()) {
            // nothing usable in the names: fall back to the e-mail, the OrgLoginID, then a plain "user"
            cleaned = clean(source.email() == null ? "" : source.email().replaceFirst("@.*", ""));
            if (cleaned.isEmpty() && source.orgLoginId() != null) {
                cleaned = clean("user." + source.orgLoginId());
            }
            if (cleaned.isEmpty()) {
                cleaned = "user";
            }
        }
        return cleaned.length() > MAX_LENGTH ? cleaned.substring(0, MAX_LENGTH) : cleaned;
    }

    static String clean(String raw) {
        String ascii = MARKS.matcher(Normalizer.normalize(raw.replace("ß", "ss").replace("æ", "ae")
                .replace("ø", "o"), Normalizer.Form.NFD)).replaceAll("");
        String name = NOT_IN_NAMES.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("");
        return EDGES.matcher(DOTS.matcher(name).replaceAll(".")).replaceAll("");
    }

}
