package dev.syncio.demo.store;

import java.util.Objects;

/**
 * A user account.
 *
 * @param id           the user id (the JWT {@code sub}); for the seeded users, their login name
 * @param name         the display name
 * @param passwordHash the PBKDF2 hash (see {@code auth.PasswordHasher}), never the password
 */
public record User(String id, String name, String passwordHash) {

    /** Validates. */
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    /** Leaves the hash out of logs. */
    @Override
    public String toString() {
        return "User[id=" + id + ", name=" + name + "]";
    }
}
