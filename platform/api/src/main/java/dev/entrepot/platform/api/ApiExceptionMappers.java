package dev.entrepot.platform.api;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Every failure, ours or the framework's, becomes the error envelope, in XML when the caller asked for XML. */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException error, UriInfo uri, HttpHeaders headers) {
        return render(error, uri, headers);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException error, UriInfo uri, HttpHeaders headers) {
        LOG.debugf("Refused an internal token: %s", error.getMessage());
        return render(new ApiException(401, "unauthorized", "Authentication required"), uri, headers);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException error, UriInfo uri, HttpHeaders headers) {
        return render(new ApiException(401, "unauthorized", "Authentication required"), uri, headers);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException error, UriInfo uri, HttpHeaders headers) {
        return render(new ApiException(403, "forbidden", "Not allowed"), uri, headers);
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException error, UriInfo uri, HttpHeaders headers) {
        int status = error.getResponse().getStatus();
        ApiException mapped;
        if (error instanceof NotFoundException) {
            mapped = ApiException.notFound("No such endpoint");
        } else if (error instanceof NotAllowedException) {
            Set<String> allowed = error.getResponse().getAllowedMethods();
            mapped = new ApiException(405, "method_not_allowed", allowed.isEmpty()
                    ? "Method not allowed here (OPTIONS lists the methods this path takes)"
                    : "Method not allowed here; allowed: " + String.join(", ", allowed));
        } else if (error instanceof NotSupportedException) {
            mapped = new ApiException(415, "unsupported_media_type", "Send application/json or application/xml");
        } else if (error instanceof NotAcceptableException) {
            mapped = new ApiException(406, "not_acceptable",
                    "Ask for application/json, application/xml, text/csv or application/pdf");
        } else {
            mapped = status >= 500 ? internal(error) : new ApiException(status, "bad_request", "The request was refused");
        }
        Response response = render(mapped, uri, headers);
        if (error instanceof NotAllowedException) {
            return Response.fromResponse(response).allow(error.getResponse().getAllowedMethods()).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response unexpected(Exception error, UriInfo uri, HttpHeaders headers) {
        if (clientWentAway(error)) {
            // Not our failure, and nobody is left to read an answer: no ERROR line, no 500 in the metrics.
            LOG.debugf("The client went away before its request body arrived whole: %s", error);
            return render(new ApiException(400, "bad_request", "The request body did not arrive whole"), uri, headers);
        }
        return render(internal(error), uri, headers);
    }

    /** The connection closed under a request: the client hung up or dropped mid-body. */
    static boolean clientWentAway(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ClosedChannelException || cause instanceof HttpClosedException) {
                return true;
            }
            String message = cause.getMessage();
            if (cause instanceof IOException && message != null && (message.contains("Connection was closed")
                    || message.contains("Connection reset") || message.contains("Broken pipe"))) {
                return true;
            }
        }
        return false;
    }

    private static ApiException internal(Exception error) {
        LOG.error("Request failed", error);
        return new ApiException(500, "internal_error", "Internal error");
    }

    private static Response render(ApiException error, UriInfo uri, HttpHeaders headers) {
        Response.ResponseBuilder response = Response.status(error.status())
                .entity(Envelope.error(error, uri.getRequestUri().getPath()))
                .type(prefersXml(headers) ? Formats.XML : Formats.JSON);
        if (error.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (error.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, error.retryAfterSeconds());
        }
        return response.build();
    }

    private static boolean prefersXml(HttpHeaders headers) {
        try {
            for (MediaType type : headers.getAcceptableMediaTypes()) {
                if (type.getSubtype().equals("json")) {
                    return false;
                }
                if (type.getSubtype().equals("xml")) {
                    return true;
                }
            }
        } catch (RuntimeException malformedAccept) {
            return false;
        }
        return false;
    }
}
