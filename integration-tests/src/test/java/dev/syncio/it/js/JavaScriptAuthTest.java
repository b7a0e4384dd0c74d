package dev.syncio.it.js;

import dev.syncio.it.support.AuthServer;
import dev.syncio.it.support.NodeRunner;
import dev.syncio.it.support.Tokens;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JWT authentication, expiry and refresh with the real JavaScript client (socket.io-client v4):
 * runs {@code integration-tests/js/test/auth.test.mjs} with {@code node --test} against an HS256
 * {@link AuthServer}. The tokens are minted here and passed as {@code TOKEN_*} environment
 * variables next to {@code SYNC_URL}.
 */
class JavaScriptAuthTest {

    @Test
    void javaScriptClientAuthenticatesIsRefusedWithCodesAndRefreshesItsSession() {
        try (AuthServer server = AuthServer.hs256()) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("SYNC_URL", server.url());
            env.put("TOKEN_VALID", Tokens.hs256("alice"));
            env.put("TOKEN_OTHER_USER", Tokens.hs256("bob"));
            env.put("TOKEN_REFRESH", Tokens.forUser("alice").expiresAt(Tokens.secondsFromNow(600)).hs256());
            env.put("TOKEN_EXPIRED", Tokens.expiredHs256("alice"));
            env.put("TOKEN_NOT_YET_VALID", Tokens.notYetValidHs256("alice"));
            env.put("TOKEN_BAD_SIG", Tokens.otherSecretHs256("alice"));
            env.put("TOKEN_TAMPERED", Tokens.tamperedHs256("alice"));
            env.put("TOKEN_MALFORMED", Tokens.malformed());
            env.put("TOKEN_NONE", Tokens.algNone("alice"));
            env.put("TOKEN_RS256", Tokens.rs256("alice"));
            env.put("TOKEN_WRONG_ISS", Tokens.forUser("alice").issuer("someone-else").hs256());
            env.put("TOKEN_WRONG_AUD", Tokens.forUser("alice").audience("other-app").hs256());
            env.put("TOKEN_NO_SUB", Tokens.forUser(null).hs256());
            // last, so that node starts right after: the expiry tests wait for this one's exp, and
            // must still have a few seconds left once node is up
            env.put("TOKEN_SHORT", Tokens.forUser("alice").expiresAt(Tokens.secondsFromNow(6)).hs256());

            NodeRunner.assertPasses("test/auth.test.mjs", env, Duration.ofSeconds(90));
        }
    }
}
