package dev.parley.core.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The usernames nobody may take by registering themselves, compared by how a name reads rather than
 * by its exact characters, so that {@code ADMIN}, {@code adm1n}, {@code ad.min} or a Cyrillic
 * {@code аdmin} cannot pass for {@code admin}.
 *
 * <p>Both sides are reduced to a skeleton, in the spirit of Unicode TR #39's confusable skeletons but
 * with a small table of its own: NFKC normalisation (fullwidth and other compatibility forms become
 * plain letters), case folding, accents dropped, the separators {@code . _ -} left out, common
 * Cyrillic and Greek look-alikes read as their Latin twins, {@code 0} as {@code o}, {@code 1},
 * {@code i} and {@code l} as one letter, and {@code rn}, {@code vv}, {@code cl} as {@code m},
 * {@code w}, {@code d}. Immutable and thread-safe.
 */
public final class ReservedNames {

    /** Letters from other scripts that look like a Latin letter, in lower case. */
    private static final Map<Integer, Character> LOOK_ALIKES = lookAlikes(
            // Cyrillic
            "а", 'a', "в", 'b', "е", 'e', "к", 'k', "м", 'm', "н", 'h', "о", 'o', "р", 'p', "с", 'c',
            "т", 't', "у", 'y', "х", 'x', "і", 'i', "ј", 'j', "ѕ", 's', "ԁ", 'd', "һ", 'h', "ӏ", 'l',
            "ԛ", 'q', "ԝ", 'w',
            // Greek
            "α", 'a', "β", 'b', "ε", 'e', "ζ", 'z', "η", 'h', "ι", 'i', "κ", 'k', "μ", 'm', "ν", 'n',
            "ο", 'o', "ρ", 'p', "τ", 't', "υ", 'u', "χ", 'x', "ϲ", 'c',
            // Latin letters that are not ASCII but read as ASCII ones
            "ı", 'i', "ɑ", 'a', "ɡ", 'g', "ɩ", 'i');

    private final Set<String> skeletons;

    /** Reserves the given names; an empty set reserves none. */
    public ReservedNames(Set<String> names) {
        this.skeletons = names.stream().map(ReservedNames::skeleton).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether the username reads as one of the reserved names. */
    public boolean contains(String username) {
        return username != null && !skeletons.isEmpty() && skeletons.contains(skeleton(username));
    }

    /** What a name reads as: the form in which two names that look alike are equal. */
    static String skeleton(String name) {
        String folded = Normalizer.normalize(name.strip(), Normalizer.Form.NFKC)
                .toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT); // folds ß, ſ, the Kelvin sign and the like
        String decomposed = Normalizer.normalize(folded, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        decomposed.codePoints().forEach(cp -> {
            if (Character.getType(cp) == Character.NON_SPACING_MARK || cp == '.' || cp == '_' || cp == '-'
                    || Character.isWhitespace(cp)) {
                return; // accents and separators do not change how a name reads
            }
            char latin = LOOK_ALIKES.getOrDefault(cp, cp < 0x80 ? (char) cp : '\0');
            if (latin == '\0') {
                out.appendCodePoint(cp);
                return;
            }
            out.append(switch (latin) {
                case '0' -> 'o';
                case '1', 'i' -> 'l';
                default -> latin;
            });
        });
        return out.toString().replace("rn", "m").replace("vv", "w").replace("cl", "d");
    }

    private static Map<Integer, Character> lookAlikes(Object... pairs) {
        java.util.HashMap<Integer, Character> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(((String) pairs[i]).codePointAt(0), (Character) pairs[i + 1]);
        }
        return Map.copyOf(map);
    }
}
