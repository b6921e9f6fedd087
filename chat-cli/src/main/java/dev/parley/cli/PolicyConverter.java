package dev.parley.cli;

import dev.parley.core.DirectMessagePolicy;
import dev.parley.core.GroupInvitePolicy;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a policy option written in lower case with dashes ({@code friends-join-others-invited}) as
 * the enum constant it names ({@code FRIENDS_JOIN_OTHERS_INVITED}), and names the choices when it is
 * none of them.
 */
abstract class PolicyConverter<E extends Enum<E>> implements ITypeConverter<E> {

    private final Class<E> type;

    PolicyConverter(Class<E> type) {
        this.type = type;
    }

    @Override
    public E convert(String value) {
        for (E constant : type.getEnumConstants()) {
            if (optionName(constant).equals(value.trim().toLowerCase(Locale.ROOT))) {
                return constant;
            }
        }
        throw new TypeConversionException("'" + value + "' is not one of "
                + Arrays.stream(type.getEnumConstants()).map(PolicyConverter::optionName).collect(Collectors.joining(", ")));
    }

    /** How a constant is written on the command line. */
    static String optionName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code --direct-messages}. */
    static final class DirectMessages extends PolicyConverter<DirectMessagePolicy> {
        DirectMessages() {
            super(DirectMessagePolicy.class);
        }
    }

    /** {@code --group-invites}. */
    static final class GroupInvites extends PolicyConverter<GroupInvitePolicy> {
        GroupInvites() {
            super(GroupInvitePolicy.class);
        }
    }
}
