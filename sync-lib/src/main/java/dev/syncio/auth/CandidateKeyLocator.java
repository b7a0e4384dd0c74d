package dev.syncio.auth;

import io.jsonwebtoken.Header;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.Locator;
import java.security.Key;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hands jjwt one configured key, after checking the token's header against the configuration.
 * jjwt calls it once the header is parsed and before the signature is checked, so a token whose
 * {@code alg} is not configured is refused without any cryptography: this is what defeats
 * {@code HS256}-with-the-RSA-public-key confusion, whatever jjwt itself would do with the key.
 */
final class CandidateKeyLocator implements Locator<Key> {

    private final VerificationKey candidate;
    private final Set<String> allowedAlgorithms;
    private final Set<String> configuredKeyIds;

    /**
     * @param candidate         the key this locator returns
     * @param allowedAlgorithms every {@code alg} the verifier accepts (the configured families)
     * @param configuredKeyIds  the key ids of all configured keys
     */
    CandidateKeyLocator(VerificationKey candidate, Set<String> allowedAlgorithms, Set<String> configuredKeyIds) {
        this.candidate = candidate;
        this.allowedAlgorithms = Set.copyOf(allowedAlgorithms);
        this.configuredKeyIds = Set.copyOf(configuredKeyIds);
    }

    @Override
    public Key locate(Header header) {
        if (!(header instanceof JwsHeader jws)) {
            // a JWE: syncio accepts signed tokens only
            throw KeyRefusal.refuse("token is encrypted (JWE); only signed tokens (JWS) are accepted");
        }
        String alg = jws.getAlgorithm();
        if (alg == null || !allowedAlgorithms.contains(alg)) {
            throw KeyRefusal.refuse("token algorithm " + SafeText.quote(alg) + " is not allowed; allowed: "
                    + String.join(", ", new TreeSet<>(allowedAlgorithms)));
        }
        String kid = jws.getKeyId();
        if (kid != null && configuredKeyIds.contains(kid) && !kid.equals(candidate.keyId())) {
            throw KeyRefusal.notThisKey("token kid " + SafeText.quote(kid) + " names another key");
        }
        if (!candidate.verifies(alg)) {
            throw KeyRefusal.notThisKey(candidate.whyNot(alg));
        }
        return candidate.key();
    }
}
