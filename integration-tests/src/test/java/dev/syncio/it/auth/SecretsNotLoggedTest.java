package dev.syncio.it.auth;

import static dev.syncio.it.support.AuthServer.JavaClient.call;
import static dev.syncio.it.support.AuthServer.JavaClient.refusalCode;
import static dev.syncio.it.support.AuthServer.JavaClient.whoami;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.syncio.it.support.AuthServer;
import dev.syncio.it.support.JavaClients;
import dev.syncio.it.support.Tokens;
import io.socket.client.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Tokens and the HMAC secret never reach the server's logs, not even at DEBUG: every log event is
 * captured while good and bad tokens are presented through every source and through
 * {@code session:refresh}.
 */
class SecretsNotLoggedTest {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();
    private LoggerContext context;
    private Logger root;

    @BeforeEach
    void captureLogs() {
        context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        captured.setContext(context);
        captured.setName("secrets-not-logged");
        captured.start();
        root.addAppender(captured);
    }

    /** Turns these loggers up to DEBUG until the end of the test. */
    private void debug(String... loggers) {
        for (String name : loggers) {
            Logger logger = context.getLogger(name);
            previousLevels.put(logger, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
    }

    @AfterEach
    void restoreLogging() {
        previousLevels.forEach(Logger::setLevel);
        root.detachAppender(captured);
        captured.stop();
    }

    @Test
    void syncioLogsNoTokenNorSecretAtDebug() {
        debug("dev.syncio");
        presentGoodAndBadTokensThenAssertNoneWasLogged();
    }

    /**
     * The same with the netty-socketio engine that syncio embeds also at DEBUG (as with a root logger
     * at DEBUG): the handshake it runs for syncio must not log the Authorization header or the query.
     */
    @Test
    void embeddedEngineLogsNoTokenAtDebug() {
        debug("dev.syncio", "com.corundumstudio");
        presentGoodAndBadTokensThenAssertNoneWasLogged();
    }

    private void presentGoodAndBadTokensThenAssertNoneWasLogged() {
        String valid = Tokens.hs256("alice");
        String validInHeader = Tokens.hs256("bob");
        String validInQuery = Tokens.hs256("carol");
        String expired = Tokens.expiredHs256("dave");
        String badSignature = Tokens.otherSecretHs256("erin");
        String algNone = Tokens.algNone("frank");
        String badRefresh = Tokens.otherSecretHs256("alice");
        String expiredRefresh = Tokens.expiredHs256("alice");
        String goodRefresh = Tokens.hs256("alice");
        List<String> tokens = List.of(valid, validInHeader, validInQuery, expired, badSignature, algNone,
                badRefresh, expiredRefresh, goodRefresh);

        try (AuthServer server = AuthServer.hs256(); JavaClients clients = new JavaClients()) {
            Socket alice = clients.connect(server.url(), b -> b.setAuth(Map.of("token", valid)));
            assertEquals("alice", whoami(alice).userId());
            Socket bob = clients.connect(server.url(), b -> b.setTransports(new String[] {"polling"})
                    .setExtraHeaders(Map.of("Authorization", List.of("Bearer " + validInHeader))));
            assertEquals("bob", whoami(bob).userId());
            Socket carol = clients.connect(server.url(), b -> b.setQuery("token=" + validInQuery));
            assertEquals("carol", whoami(carol).userId());

            assertEquals("token_expired", refusalCode(clients.socket(server.url(), b -> b.setAuth(Map.of("token", expired)))));
            assertEquals("token_invalid", refusalCode(clients.socket(server.url(), b -> b.setAuth(Map.of("token", badSignature)))));
            assertEquals("token_invalid", refusalCode(clients.socket(server.url(), b -> b.setAuth(Map.of("token", algNone)))));
            assertEquals("token_invalid", refusalCode(clients.socket(server.url(), b -> b.setTransports(new String[] {"polling"})
                    .setQuery("token=" + badSignature))));

            assertEquals("token_invalid", refreshError(alice, badRefresh));
            assertEquals("token_expired", refreshError(alice, expiredRefresh));
            JSONObject ok = (JSONObject) call(alice, "session:refresh", new JSONObject(Map.of("token", goodRefresh)))[0];
            assertTrue(ok.optBoolean("ok"), ok::toString);
        } // closing the server waits for its callbacks: every log event has been captured after this

        List<String> texts = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            texts.add(event.getLoggerName() + " " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        assertTrue(texts.stream().anyMatch(t -> t.contains("token_expired")),
                () -> "the refusals were not logged, so the capture saw nothing: " + texts);

        Map<String, String> forbidden = new LinkedHashMap<>();
        byte[] secret = Tokens.SECRET.getBytes(StandardCharsets.UTF_8);
        forbidden.put("the HMAC secret", Tokens.SECRET);
        forbidden.put("the base64 of the secret", Base64.getEncoder().encodeToString(secret));
        forbidden.put("the base64url of the secret", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        forbidden.put("the hex of the secret", HexFormat.of().formatHex(secret));
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            forbidden.put("token #" + i, token);
            String signature = token.substring(token.lastIndexOf('.') + 1);
            if (!signature.isEmpty()) {
                forbidden.put("the signature of token #" + i, signature);
            }
        }
        List<String> leaks = new ArrayList<>();
        for (String text : texts) {
            forbidden.forEach((what, value) -> {
                if (text.contains(value)) {
                    leaks.add(what + " in: " + text);
                }
            });
        }
        if (!leaks.isEmpty()) {
            fail(leaks.size() + " secrets logged:\n" + String.join("\n", leaks));
        }
    }

    private static String refreshError(Socket socket, String token) {
        JSONObject ack = (JSONObject) call(socket, "session:refresh", new JSONObject(Map.of("token", token)))[0];
        JSONObject error = ack.optJSONObject("error");
        return error == null ? "no error: " + ack : error.optString("code");
    }
}
