package dev.entrepot.platform.api;

import java.net.URI;
import java.util.List;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;

/**
 * {@code /products.csv} and {@code /products/{id}.xml}: a format suffix on the last path segment is
 * taken off the path and becomes the {@code Accept} header (and, for a write without one, the
 * {@code Content-Type}). CSV and PDF are read-only: a write that asks for them is a 415.
 * <p>
 * It runs before anything else reads the media-type headers, so it is also where they are checked: a
 * {@code Content-Type} that is not one media type (empty, {@code application/json/json}, two of them)
 * is a 415 and an {@code Accept} that is not a list of media types a 406, in the envelope, instead of
 * the framework's parse failure.
 */
public class FormatSuffixFilter {

    @ServerRequestFilter(preMatching = true)
    public void applySuffix(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        MediaType contentType = contentType(request);
        checkAccept(request);
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        boolean write = !HttpMethod.GET.equals(request.getMethod()) && !HttpMethod.HEAD.equals(request.getMethod());
        if (dot > slash && path.startsWith("/api/")) {
            String mediaType = Formats.BY_SUFFIX.get(path.substring(dot + 1));
            if (mediaType == null) {
                throw ApiException.notFound("Unknown format '" + path.substring(dot + 1) + "'; use json, xml, csv or pdf");
            }
            if (write && Formats.isReadOnly(mediaType)) {
                throw readOnly(mediaType);
            }
            URI uri = UriBuilder.fromUri(request.getUriInfo().getRequestUri()).replacePath(path.substring(0, dot)).build();
            request.setRequestUri(uri);
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, mediaType);
            if (write && contentType == null) {
                request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, mediaType);
            }
        }
        if (write && path.startsWith("/api/")) {
            List<MediaType> accepted = request.getAcceptableMediaTypes();
            if (!accepted.isEmpty() && accepted.stream().allMatch(type -> Formats.isReadOnly(type.getType() + "/" + type.getSubtype()))) {
                throw readOnly(accepted.get(0).toString());
            }
            if (contentType != null && Formats.isReadOnly(contentType.getType() + "/" + contentType.getSubtype())) {
                throw readOnly(contentType.toString());
            }
        }
    }

    /** The request's {@code Content-Type}, or null when it has none; one that does not parse is a 415. */
    private static MediaType contentType(ContainerRequestContext request) {
        List<String> values = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        if (values == null || values.isEmpty()) {
            return null;
        }
        String value = values.get(0);
        if (values.size() > 1 || value == null || value.isBlank()) {
            throw unparseable(values.size() > 1 ? String.join(", ", values) : "");
        }
        try {
            MediaType type = MediaType.valueOf(value);
            if (type.getType().isEmpty() || type.getSubtype().isEmpty() || type.isWildcardType() || type.isWildcardSubtype()
                    || type.getSubtype().contains("/")) {
                throw unparseable(value);
            }
            return type;
        } catch (IllegalArgumentException e) {
            throw unparseable(value);
        }
    }

    private static void checkAccept(ContainerRequestContext request) {
        try {
            request.getAcceptableMediaTypes();
        } catch (RuntimeException e) {
            throw new ApiException(406, "not_acceptable", "The Accept header '" + Checks.printable(
                    String.valueOf(request.getHeaderString(HttpHeaders.ACCEPT))) + "' is not a list of media types; ask for "
                    + "application/json, application/xml, text/csv or application/pdf");
        }
    }

    private static ApiException unparseable(String value) {
        return new ApiException(415, "unsupported_media_type", "Content-Type '" + Checks.printable(value)
                + "' is not a media type; send application/json or application/xml");
    }

    private static ApiException readOnly(String mediaType) {
        return new ApiException(415, "unsupported_media_type", mediaType + " is read-only here; write with json or xml");
    }
}
