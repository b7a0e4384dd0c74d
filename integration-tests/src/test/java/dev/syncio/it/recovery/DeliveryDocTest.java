package dev.syncio.it.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/delivery.md shows the Java recovery helper in full for users to copy: the page must show
 * exactly the tested class (everything after its package line), or a copied helper would differ
 * from the one these tests prove.
 */
class DeliveryDocTest {

    /** Surefire runs in the module's folder, {@code integration-tests}. */
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);

    @Test
    void theDocsShowTheRecoveringClientExactlyAsTested() throws IOException {
        String doc = Files.readString(MODULE.resolveSibling("docs").resolve("delivery.md"));
        String source = Files.readString(MODULE.resolve(
                "src/test/java/dev/syncio/it/support/RecoveringClient.java"));
        String withoutPackage = source.substring(source.indexOf('\n') + 1).stripLeading();
        assertEquals(withoutPackage, helperBlock(doc));
    }

    /** The page's one ```java block that declares the helper. */
    private static String helperBlock(String doc) {
        Matcher block = JAVA_BLOCK.matcher(doc);
        String found = null;
        while (block.find()) {
            if (block.group(1).contains("public final class RecoveringClient")) {
                if (found != null) {
                    throw new AssertionError("docs/delivery.md declares RecoveringClient twice");
                }
                found = block.group(1);
            }
        }
        if (found == null) {
            throw new AssertionError("docs/delivery.md shows no RecoveringClient in a ```java block");
        }
        return found;
    }
}
