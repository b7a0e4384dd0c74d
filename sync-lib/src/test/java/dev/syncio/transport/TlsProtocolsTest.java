package dev.syncio.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TlsProtocolsTest {

    @Test
    void onlyTls13And12AreEnabledWhateverTheJvmSupports() {
        String[] supported = {"SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, TlsProtocols.enabled(supported));
    }

    @Test
    void aJvmWithoutModernTlsFailsLoudly() {
        assertThrows(IllegalStateException.class, () -> TlsProtocols.enabled(new String[] {"TLSv1", "TLSv1.1"}));
    }
}
