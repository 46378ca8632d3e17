package dev.entrepot.platform.api;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;

import javax.crypto.SecretKey;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * SmallRye JWT's parser, remembering each internal token it verified until the token expires. The gateway keeps
 * one internal token per outside credential for its lifetime (5 minutes), so a service sees the same token on
 * request after request, and verifying its RS256 signature and claims each time costs about 50 µs of CPU (jose4j
 * alone on this project's machines), on every request of every service (bench/README.md, Orders).
 *
 * <p>Only a token that passed the full verification is remembered, under its exact text (signature included), so
 * nothing is accepted that would not be; from the second its {@code exp} passes, a remembered token is verified
 * again, and refused as the verifier refuses it (with {@code mp.jwt.verify.clock.skew}). What the cache gives up: a
 * token signed with a key that identity-service withdraws stays accepted until it expires, at most its lifetime.
 * At most about {@value #CAPACITY} tokens are kept (Caffeine drops the least used past that).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    static final int CAPACITY = 4096;

    private final DefaultJWTParser verifier;
    /** Each token until its own expiry (Caffeine evicts by that time, and by size past the capacity). */
    private final Cache<String, JsonWebToken> verified = Caffeine.newBuilder().maximumSize(CAPACITY)
            .expireAfter(Expiry.creating((String token, JsonWebToken checked) -> Duration
                    .ofSeconds(Math.max(0, checked.getExpirationTime() - Instant.now().getEpochSecond()))))
            .build();

    VerifiedTokens(DefaultJWTParser verifier) {
        this.verifier = verifier;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null && Instant.now().getEpochSecond() < known.getExpirationTime()) {
            return known;
        }
        JsonWebToken checked = verifier.parse(token);
        if (Instant.now().getEpochSecond() < checked.getExpirationTime()) {
            verified.put(token, checked);
        }
        return checked;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
