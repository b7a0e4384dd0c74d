package dev.syncio.it.topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/topics.md shows client code for users to copy (the refetch signal, ignoring older
 * versions): each block the tests mark with {@code // docs/topics.md: <what>} ... {@code // end of
 * docs} must be on the page exactly as the tests run it (indentation aside), so that the page
 * never shows code the tests do not prove.
 */
class TopicsDocTest {

    /** Surefire runs in the module's folder, {@code integration-tests}. */
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final String START = "// docs/topics.md:";
    private static final String END = "// end of docs";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"js/test/topics.test.mjs", "src/test/java/dev/syncio/it/topic/TopicRecoveryTest.java",
            "src/test/java/dev/syncio/it/topic/ResourceChangedShapeTest.java"})
    void theDocsShowTheClientCodeExactlyAsTested(String testFile) throws IOException {
        String doc = Files.readString(MODULE.resolveSibling("docs").resolve("topics.md"));
        List<String> blocks = markedBlocks(Files.readAllLines(MODULE.resolve(testFile)));
        assertTrue(!blocks.isEmpty(), testFile + " marks no block for docs/topics.md");
        for (String block : blocks) {
            assertTrue(doc.contains(block), () -> "docs/topics.md does not show this block of " + testFile
                    + " as tested:\n" + block);
        }
    }

    /** The marked blocks, each without the indentation its lines share. */
    private static List<String> markedBlocks(List<String> lines) {
        List<String> blocks = new ArrayList<>();
        List<String> block = null;
        for (String line : lines) {
            if (line.strip().startsWith(START)) {
                assertEquals(null, block, "a block starts inside another");
                block = new ArrayList<>();
            } else if (line.strip().equals(END)) {
                blocks.add(dedent(block));
                block = null;
            } else if (block != null) {
                block.add(line);
            }
        }
        assertEquals(null, block, "a block does not end");
        return blocks;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return text.toString();
    }
}
