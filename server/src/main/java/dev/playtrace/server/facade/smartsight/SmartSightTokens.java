package dev.playtrace.server.facade.smartsight;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.playtrace.model.Credential;
import dev.playtrace.model.ErrorCode;
import dev.playtrace.model.PlaytraceException;
import dev.playtrace.store.spi.ProjectRepository;
import dev.playtrace.server.SecretBox;
import dev.playtrace.server.auth.IssuedTokens;

import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

/**
 * Issues and verifies SmartSight's Keycloak-style tokens: HS256 JWTs (Nimbus JOSE+JWT) whose subject is the project.
 * The HMAC key is generated once per data directory and kept encrypted under the server key as a credential of kind
 * {@value #KEY_KIND}. Expiry is checked against the injected clock. Every issued token is also registered with
 * {@link IssuedTokens} (its SHA-256, in the store): a token passes only while it is registered there, so a token can be
 * revoked on every query node, and a restart keeps it.
 */
final class SmartSightTokens {
    static final String KEY_KIND = "smartsight_jwt_key";
    static final long ACCESS_TTL_SECONDS = 900;
    static final long REFRESH_TTL_SECONDS = 1800;
    /**
     * A session's absolute lifetime (Keycloak's "SSO Session Max", 10 h by default): refreshing never extends a
     * session past it, and a refresh token's expiry is cut to it.
     */
    static final long SESSION_MAX_SECONDS = 36_000;
    private static final String AUTH_TIME_CLAIM = "auth_time";
    private static final String KEY_ID = "hs256";
    /** Not a project: the key belongs to the server. */
    private static final String SERVER_OWNER = "*";
    private static final String TYPE_CLAIM = "typ";
    private static final String ACCESS_TYPE = "Bearer";
    private static final String REFRESH_TYPE = "Refresh";
    private static final String ID_TYPE = "ID";
    static final String ACCESS_TOKEN_KIND = "smartsight_access";
    static final String REFRESH_TOKEN_KIND = "smartsight_refresh";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final IssuedTokens issued;
    private final Clock clock;

    SmartSightTokens(ProjectRepository projects, SecretBox secrets, IssuedTokens issued, Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
        this.issued = requireNonNull(issued, "issued is null");
        this.key = loadOrCreateKey(projects, secrets, clock);
    }

    private static synchronized byte[] loadOrCreateKey(ProjectRepository projects, SecretBox secrets, Clock clock) {
        return projects.findCredential(KEY_KIND, KEY_ID)
                .map(credential -> Base64.getDecoder().decode(secrets.decrypt(credential.storedSecret())))
                .orElseGet(() -> {
                    byte[] generated = new byte[32];
                    RANDOM.nextBytes(generated);
                    projects.saveCredential(new Credential(KEY_KIND, KEY_ID, SERVER_OWNER,
                            secrets.encrypt(Base64.getEncoder().encodeToString(generated)), clock.millis()));
                    return generated;
                });
    }

    /**
     * A token pair for the project, as the token endpoint returns it, with each token's lifetime: the usual one, or
     * less as the session's absolute end nears.
     */
    record Issued(String accessToken, String refreshToken, String sessionState, String projectId, String clientId,
            long accessExpiresInSeconds, long refreshExpiresInSeconds) {
    }

    /** The verified claims of a token; {@code sessionStartMs} is when its session logged in ({@code auth_time}). */
    record Verified(String projectId, String clientId, String sessionState, long sessionStartMs) {
    }

    /** A token pair of a new session (a login: client credentials or password). */
    Issued issue(String projectId, String clientId, String issuer, String sessionState) {
        String session = sessionState == null ? UUID.randomUUID().toString() : sessionState;
        return issue(projectId, clientId, issuer, session, clock.millis());
    }

    /**
     * The next token pair of a session, for a refresh token that {@link #verifyRefresh} spent: same session, same
     * login time, so the session still ends {@value #SESSION_MAX_SECONDS} s after its login.
     */
    Issued refresh(Verified refreshed, String issuer) {
        return issue(refreshed.projectId(), refreshed.clientId(), issuer, refreshed.sessionState(), refreshed.sessionStartMs());
    }

    private Issued issue(String projectId, String clientId, String issuer, String session, long sessionStartMs) {
        long sessionLeftSeconds = (sessionStartMs + SESSION_MAX_SECONDS * 1000 - clock.millis()) / 1000;
        long accessTtl = Math.max(1, Math.min(ACCESS_TTL_SECONDS, sessionLeftSeconds));
        long refreshTtl = Math.max(1, Math.min(REFRESH_TTL_SECONDS, sessionLeftSeconds));
        String access = sign(projectId, clientId, issuer, session, ACCESS_TYPE, accessTtl, sessionStartMs);
        String refresh = sign(projectId, clientId, issuer, session, REFRESH_TYPE, refreshTtl, sessionStartMs);
        issued.register(ACCESS_TOKEN_KIND, access, projectId, clientId, Duration.ofSeconds(accessTtl));
        issued.register(REFRESH_TOKEN_KIND, refresh, projectId, clientId, Duration.ofSeconds(refreshTtl));
        return new Issued(access, refresh, session, projectId, clientId, accessTtl, refreshTtl);
    }

    /**
     * The OpenID Connect ID token of an issued pair (Keycloak adds it for {@code scope=openid}): the same subject,
     * session and lifetime as the access token, type {@code ID}. It identifies the user to the client and is not
     * registered, so it is never accepted as an access or refresh token.
     */
    String idToken(Issued issued, String issuer) {
        return sign(issued.projectId(), issued.clientId(), issuer, issued.sessionState(), ID_TYPE, issued.accessExpiresInSeconds(),
                clock.millis());
    }

    private String sign(String projectId, String clientId, String issuer, String session, String type, long ttlSeconds,
            long sessionStartMs) {
        long nowMs = clock.millis();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(projectId)
                .audience("smartsight")
                .jwtID(UUID.randomUUID().toString())
                .issueTime(new Date(nowMs))
                .expirationTime(new Date(nowMs + ttlSeconds * 1000))
                .claim(TYPE_CLAIM, type)
                .claim("azp", clientId)
                .claim("sid", session)
                .claim(AUTH_TIME_CLAIM, sessionStartMs / 1000)
                .claim("customer_id", projectId)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a SmartSight token", e);
        }
        return jwt.serialize();
    }

    Verified verifyAccess(String token) {
        return verify(token, ACCESS_TYPE);
    }

    /**
     * Verifies a refresh token and spends it: a refresh token works once (rotation), so a copy that leaked is refused
     * after its owner used it, and a session ends {@value #SESSION_MAX_SECONDS} s after its login however often it
     * was refreshed.
     */
    Verified verifyRefresh(String token) {
        return verify(token, REFRESH_TYPE);
    }

    private Verified verify(String token, String expectedType) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token.trim());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw unauthenticated("the token is not a JWT issued by this server");
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw unauthenticated("the token is not signed with this server's algorithm (HS256)");
        }
        try {
            if (!jwt.verify(new MACVerifier(key))) {
                throw unauthenticated("the token's signature is invalid (tampered, or issued by another server)");
            }
        } catch (JOSEException e) {
            throw unauthenticated("the token's signature cannot be verified");
        }
        Object type = claims.getClaim(TYPE_CLAIM);
        if (!expectedType.equals(type)) {
            throw unauthenticated(ACCESS_TYPE.equals(expectedType)
                    ? "a refresh token cannot be used as an access token"
                    : "an access token cannot be used as a refresh token");
        }
        Date expiry = claims.getExpirationTime();
        if (expiry == null || clock.millis() >= expiry.getTime()) {
            throw unauthenticated("the token has expired; request a new one from the token endpoint");
        }
        if (claims.getSubject() == null) {
            throw unauthenticated("the token has no subject");
        }
        long sessionStartMs = sessionStartMs(claims);
        if (clock.millis() >= sessionStartMs + SESSION_MAX_SECONDS * 1000) {
            throw unauthenticated("the session reached its maximum lifetime; log in again at the token endpoint");
        }
        boolean active = ACCESS_TYPE.equals(expectedType)
                ? issued.find(ACCESS_TOKEN_KIND, token.trim()).isPresent()
                : issued.spend(REFRESH_TOKEN_KIND, token.trim()).isPresent();
        if (!active) {
            throw unauthenticated(ACCESS_TYPE.equals(expectedType)
                    ? "the token was revoked; request a new one from the token endpoint"
                    : "the refresh token was revoked or already used; log in again at the token endpoint");
        }
        return new Verified(claims.getSubject(), String.valueOf(claims.getClaim("azp")), String.valueOf(claims.getClaim("sid")),
                sessionStartMs);
    }

    /**
     * Revokes a token this server issued (RFC 7009, Keycloak's {@code /revoke}): an access token stops working at once,
     * and a refresh token can no longer be exchanged, so its session ends with the access token already out. Anything
     * else (an unknown, expired, foreign or already revoked token) is ignored, as RFC 7009 §2.2 asks: the answer does
     * not tell which tokens exist.
     */
    void revoke(String token) {
        String trimmed = token.trim();
        try {
            SignedJWT jwt = SignedJWT.parse(trimmed);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(new MACVerifier(key))) {
                return; // not ours: nothing to revoke
            }
        } catch (ParseException | JOSEException e) {
            return;
        }
        issued.revoke(trimmed);
    }

    /** {@code auth_time} in ms; a token issued before the claim existed started its session when it was issued. */
    private static long sessionStartMs(JWTClaimsSet claims) {
        Object authTime = claims.getClaim(AUTH_TIME_CLAIM);
        if (authTime instanceof Number seconds) {
            return seconds.longValue() * 1000;
        }
        Date issuedAt = claims.getIssueTime();
        return issuedAt == null ? 0 : issuedAt.getTime();
    }

    private static PlaytraceException unauthenticated(String message) {
        return new PlaytraceException(ErrorCode.UNAUTHENTICATED, message);
    }
}
