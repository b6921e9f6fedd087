package dev.parley.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every run of one bench, with the ramps' summaries and the machine it ran on.
 *
 * @param machine what the JVM knows of the machine: cores, Java, OS
 * @param runs    every run, in the order they ran
 * @param ramps   the 1:1 ramps' highest passing rates
 * @param idle    the idle workload's runs
 * @param drains  the offline drain's runs
 */
public record BenchReport(Map<String, Object> machine, List<RunResult> runs, List<RampSummary> ramps,
                          List<IdleResult> idle, List<DrainResult> drains) {

    static Map<String, Object> thisMachine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        return machine;
    }

    /** Writes the report as JSON, creating the file's folder. */
    public void writeJson(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }
}
