package dev.syncio.demo.auth;

import dev.syncio.demo.store.Database;
import dev.syncio.demo.store.User;
import dev.syncio.demo.store.UserStore;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a login. Unknown users cost the same hashing time as known ones, so response times do not
 * reveal which user names exist.
 */
public final class Credentials {

    private final Database database;
    private final UserStore users;
    private final PasswordHasher hasher;

    /** Checks against the {@code users} table. */
    public Credentials(Database database, UserStore users, PasswordHasher hasher) {
        this.database = Objects.requireNonNull(database, "database");
        this.users = Objects.requireNonNull(users, "users");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    /** The user, when the password is theirs. */
    public Optional<User> check(String username, String password) {
        Optional<User> user = database.read(c -> users.find(c, username));
        if (user.isEmpty()) {
            hasher.verifyNothing(password);
            return Optional.empty();
        }
        return hasher.verify(password, user.get().passwordHash()) ? user : Optional.empty();
    }
}
