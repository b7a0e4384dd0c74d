package dev.syncio.it.abuse;

import static dev.syncio.it.abuse.EngineHttp.AWAIT;
import static dev.syncio.it.abuse.EngineHttp.awaitOpenSessionsAtMost;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.syncio.SyncServer;
import dev.syncio.it.support.LeakAndLogWatch;
import dev.syncio.it.support.LocalServer;
import dev.syncio.it.support.RawConnection;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Security review: a polling body that is not valid UTF-8 was decoded with replacement characters
 * and handled. It is refused with 400, the session is closed, and the log says why (not "larger
 * than maxPayload").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InvalidUtf8Test {

    @RegisterExtension
    static final LeakAndLogWatch WATCH = new LeakAndLogWatch().debug("dev.syncio.transport");

    private SyncServer server;

    @BeforeAll
    void startServer() {
        server = LocalServer.anonymous().connectTimeout(Duration.ofSeconds(5)).build().start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aPollingBodyWithInvalidUtf8IsRefused400AndTheSessionClosed() {
        long baseline = server.stats().openSessions();
        String sid = EngineHttp.handshake(server.port());
        // "40" then a CONNECT-ish event whose JSON string holds 0xC3 0x28 (an invalid 2-byte sequence)
        byte[] body = {'4', '0', 0x1e, '4', '2', '[', '"', 'm', '"', ',', '"', (byte) 0xc3, 0x28, '"', ']'};
        RawConnection.Response response;
        try (RawConnection connection = RawConnection.open(server.port())) {
            response = connection.exchange("POST", EngineHttp.PATH + "?EIO=4&transport=polling&sid=" + sid,
                    Map.of("Connection", "close", "Content-Type", "text/plain;charset=UTF-8"), body);
        }
        assertEquals(400, response.status(), response::toString);
        awaitOpenSessionsAtMost(server, baseline);
        // the session is gone: its sid is unknown now
        RawConnection.Response poll = EngineHttp.poll(server.port(), sid);
        assertEquals(400, poll.status(), poll::toString);
        Awaitility.await().atMost(AWAIT).until(() -> WATCH.logged("not valid UTF-8"));
        assertFalse(WATCH.logged("larger than maxPayload"), "invalid UTF-8 is not a size problem");
        assertEquals(0, server.stats().connectedSockets(), "the CONNECT before the bad bytes was not handled");
        WATCH.assertNoWarnOrError();
    }

    @Test
    void validMultiByteUtf8IsStillAccepted() {
        String sid = EngineHttp.handshake(server.port());
        RawConnection.Response ok = EngineHttp.push(server.port(), sid, "40\u001e42[\"m\",\"caf\u00e9 \ud83d\ude00\"]");
        assertEquals(200, ok.status(), ok::toString);
        RawConnection.Response connected = EngineHttp.poll(server.port(), sid);
        assertTrue(connected.text().startsWith("40{\"sid\":"), connected::toString);
        WATCH.assertNoWarnOrError();
    }
}
