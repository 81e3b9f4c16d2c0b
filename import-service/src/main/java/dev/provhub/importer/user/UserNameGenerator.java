package dev.provhub.importer.user;

import java.text.Normalizer;
import java.util.Locale;
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

    private final EntityManager em;

    UserNameGenerator(EntityManager em) {
        this.em = em;
    }

    public record Source(String firstName, String lastName, String email, String orgLoginId, String recordUid) {
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

    static String base(String scheme, Source source) {
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
        String ascii = Normalizer.normalize(raw.replace("ß", "ss").replace("æ", "ae").replace("ø", "o"),
                Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String name = ascii.toLowerCase(Locale.ROOT).replaceAll("\\s+", "").replaceAll("[^a-z0-9._-]", "");
        return name.replaceAll("\\.{2,}", ".").replaceAll("^[._-]+|[._-]+$", "");
    }

}
