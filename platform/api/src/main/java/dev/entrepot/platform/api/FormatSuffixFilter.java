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
 */
public class FormatSuffixFilter {

    @ServerRequestFilter(preMatching = true)
    public void applySuffix(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
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
            if (write && request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null) {
                request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, mediaType);
            }
        }
        if (write && path.startsWith("/api/")) {
            List<MediaType> accepted = request.getAcceptableMediaTypes();
            if (!accepted.isEmpty() && accepted.stream().allMatch(type -> Formats.isReadOnly(type.getType() + "/" + type.getSubtype()))) {
                throw readOnly(accepted.get(0).toString());
            }
            String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
            if (contentType != null && Formats.isReadOnly(MediaType.valueOf(contentType).withCharset(null).toString().split(";")[0])) {
                throw readOnly(contentType);
            }
        }
    }

    private static ApiException readOnly(String mediaType) {
        return new ApiException(415, "unsupported_media_type", mediaType + " is read-only here; write with json or xml");
    }
}
