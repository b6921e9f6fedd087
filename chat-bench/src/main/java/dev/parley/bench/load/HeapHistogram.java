package dev.parley.bench.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live objects of this JVM by class, as {@code jcmd <pid> GC.class_histogram} prints them (taking
 * it collects the heap first), so that two of them taken apart in time say which classes a growing
 * heap holds more of.
 */
final class HeapHistogram {

    /** One class's growth between two histograms. */
    record Growth(String className, long instances, long bytes) {
    }

    private final Map<String, long[]> byClass;

    private HeapHistogram(Map<String, long[]> byClass) {
        this.byClass = byClass;
    }

    /** Takes a histogram now, through the HotSpot diagnostic command MBean. */
    static HeapHistogram take() {
        String text;
        try {
            text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("this JVM offers no class histogram", e);
        }
        return parse(text);
    }

    /** Reads the command's text: lines of {@code rank: instances bytes class-name}. */
    static HeapHistogram parse(String text) {
        Map<String, long[]> byClass = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[0].endsWith(":")) {
                try {
                    byClass.put(fields[3], new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2])});
                } catch (NumberFormatException notARow) {
                    // the header or the total line
                }
            }
        }
        return new HeapHistogram(byClass);
    }

    /** The classes that hold the most more bytes in {@code later} than here, the largest first. */
    List<Growth> grownBy(HeapHistogram later, int most) {
        List<Growth> growth = new ArrayList<>();
        later.byClass.forEach((name, counts) -> {
            long[] before = byClass.getOrDefault(name, new long[2]);
            growth.add(new Growth(name, counts[0] - before[0], counts[1] - before[1]));
        });
        growth.sort(Comparator.comparingLong(Growth::bytes).reversed());
        return List.copyOf(growth.subList(0, Math.min(most, growth.size())));
    }
}
