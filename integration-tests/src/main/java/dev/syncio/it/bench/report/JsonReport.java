package dev.syncio.it.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes one scenario's results as JSON under the output folder: {@code <scenario>.json}, replaced each run. */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path folder;
    private final Map<String, Object> context;

    /** @param context what every file carries: mode, machine, commit, date */
    public JsonReport(Path folder, Map<String, Object> context) {
        this.folder = folder;
        this.context = context;
    }

    /** Writes {@code results} for {@code scenario}; returns the file. */
    public Path write(String scenario, Object results) {
        Map<String, Object> document = new LinkedHashMap<>(context);
        document.put("scenario", scenario);
        document.put("finishedAt", Instant.now().toString());
        document.put("results", results);
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(scenario + ".json");
            JSON.writeValue(file.toFile(), document);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
