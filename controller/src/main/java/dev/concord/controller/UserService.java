package dev.concord.controller;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Users: creation with a bcrypt-hashed password, verification for HTTP Basic, and the first admin.
 *
 * <p>bcrypt costs tens of milliseconds by design; HTTP Basic sends the password with every
 * request, so a successful check is remembered for a short while as a salted SHA-256 of the
 * password (keyed by a random per-process secret), never the password itself.
 */
@ApplicationScoped
public class UserService {
    private static final Logger LOG = Logger.getLogger(UserService.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> ROLES = Set.of(UserAccount.EDITOR, UserAccount.ADMIN);
    public static final String FIRST_ADMIN = "admin";
    private static final long CACHE_MILLIS = 5 * 60_000L;
    private static final int COST = 10;

    @Inject
    UserRepository users;
    @Inject
    AuditService audit;
    @Inject
    ConcordConfig config;

    private final byte[] secret = new byte[32];
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(String digest, String role, long until) {
    }

    /** A user as the API shows it (never the hash). */
    public record UserView(String username, String role, Instant createdAt) {
        static UserView of(UserAccount u) {
            return new UserView(u.username, u.role, u.createdAt);
        }
    }

    public UserService() {
        new SecureRandom().nextBytes(secret);
    }

    public UserView create(String actor, String username, String password, String role) {
        validate(username, password, role);
        return QuarkusTransaction.requiringNew().call(() -> {
            if (users.findByUsername(username).isPresent()) {
                throw ControllerException.conflict("a user named '" + username + "' already exists");
            }
            UserAccount u = new UserAccount();
            u.username = username;
            u.passwordHash = BcryptUtil.bcryptHash(password, COST);
            u.role = role;
            u.createdAt = Instant.now();
            users.persist(u);
            audit.record(actor, "user.created", null, username + " (" + role + ")");
            return UserView.of(u);
        });
    }

    public static void validate(String username, String password, String role) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw ControllerException.badInput("username must be 1 to 64 letters, digits, '_', '.' or '-', found "
                    + (username == null ? "nothing" : "'" + username + "'"));
        }
        if (password == null || password.length() < 8 || password.length() > 200) {
            throw ControllerException.badInput("password must be 8 to 200 characters, found "
                    + (password == null ? "nothing" : password.length() + " characters"));
        }
        if (role == null || !ROLES.contains(role)) {
            throw ControllerException.badInput("role must be 'editor' or 'admin', found " + (role == null ? "nothing" : "'" + role + "'"));
        }
    }

    public List<UserView> list() {
        return QuarkusTransaction.requiringNew().call(() -> users.listAll().stream().map(UserView::of).toList());
    }

    public Optional<UserView> find(String username) {
        return QuarkusTransaction.requiringNew().call(() -> users.findByUsername(username).map(UserView::of));
    }

    /** The user's role when the password is right; empty otherwise. Blocking (bcrypt, database). */
    public Optional<String> verify(String username, String password) {
        if (username == null || password == null || username.length() > 64 || password.length() > 200) {
            return Optional.empty();
        }
        String digest = digest(username, password);
        Verified v = verified.get(username);
        long now = System.currentTimeMillis();
        if (v != null && v.until > now && MessageDigest.isEqual(v.digest.getBytes(StandardCharsets.UTF_8),
                digest.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(v.role);
        }
        Optional<UserAccount> u = QuarkusTransaction.requiringNew().call(() -> users.findByUsername(username));
        if (u.isEmpty() || !BcryptUtil.matches(password, u.get().passwordHash)) {
            return Optional.empty();
        }
        verified.put(username, new Verified(digest, u.get().role, now + CACHE_MILLIS));
        return Optional.of(u.get().role);
    }

    private String digest(String username, String password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(secret);
            md.update(username.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * Creates the first admin when there is no admin yet: with concord.admin-password, or with a
     * generated password written once to the log. Returns the generated password, if one was made.
     */
    public Optional<String> ensureFirstAdmin() {
        boolean none = QuarkusTransaction.requiringNew().call(() -> users.countAdmins() == 0);
        if (!none) {
            return Optional.empty();
        }
        Optional<String> configured = config.adminPassword().filter(p -> !p.isBlank());
        String password = configured.orElseGet(UserService::generatePassword);
        create("system", FIRST_ADMIN, password, UserAccount.ADMIN);
        if (configured.isPresent()) {
            LOG.infof("Created the first admin '%s' with the password from CONCORD_ADMIN_PASSWORD", FIRST_ADMIN);
            return Optional.empty();
        }
        LOG.warnf("Created the first admin '%s' with the generated password: %s  (shown once; set CONCORD_ADMIN_PASSWORD to choose it)",
                FIRST_ADMIN, password);
        return Optional.of(password);
    }

    private static String generatePassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
