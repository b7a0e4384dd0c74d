package dev.syncio.demo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    /** Few iterations: the algorithm is the same, the tests stay fast. */
    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @Test
    void aHashVerifiesItsPasswordAndNoOther() {
        String hash = hasher.hash("demo");
        assertTrue(hasher.verify("demo", hash));
        assertFalse(hasher.verify("Demo", hash));
        assertFalse(hasher.verify("", hash));
        assertFalse(hasher.verify(null, hash));
    }

    @Test
    void everyHashHasItsOwnSalt() {
        String first = hasher.hash("demo");
        String second = hasher.hash("demo");
        assertNotEquals(first, second);
        assertNotEquals(first.split("\\$")[2], second.split("\\$")[2], "salts differ");
        assertTrue(hasher.verify("demo", first));
        assertTrue(hasher.verify("demo", second));
    }

    @Test
    void theStoredFormatNamesTheSchemeAndWorkFactor() {
        String[] parts = hasher.hash("demo").split("\\$", -1);
        assertEquals(4, parts.length);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("1000", parts[1]);
        assertFalse(hasher.hash("demo").contains("demo"), "the password is not in the hash");
    }

    @Test
    void hashesKeepTheirWorkFactorWhenTheDefaultChanges() {
        String old = new PasswordHasher(500).hash("demo");
        assertTrue(hasher.verify("demo", old));
        assertEquals(600_000, new PasswordHasher().iterations());
    }

    @Test
    void malformedStoredHashesNeverMatch() {
        assertFalse(hasher.verify("demo", null));
        assertFalse(hasher.verify("demo", ""));
        assertFalse(hasher.verify("demo", "demo"));
        assertFalse(hasher.verify("demo", "pbkdf2-sha256$x$AAAA$AAAA"));
        assertFalse(hasher.verify("demo", "pbkdf2-sha256$0$AAAA$AAAA"));
        assertFalse(hasher.verify("demo", "pbkdf2-sha256$1000$!!$AAAA"));
        assertFalse(hasher.verify("demo", "bcrypt$1000$AAAA$AAAA"));
    }

    @Test
    void verifyingAgainstNothingIsAlwaysFalse() {
        assertFalse(hasher.verifyNothing("demo"));
        assertFalse(hasher.verifyNothing(null));
    }
}
