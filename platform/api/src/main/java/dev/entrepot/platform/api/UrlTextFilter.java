package dev.entrepot.platform.api;

import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.UriInfo;

/**
 * Refuses, before any resource sees it, a request whose path or query holds text that cannot be text
 * ({@link Checks#textProblem}: a NUL, an unpaired surrogate): a 400 naming the query parameter (or
 * {@code path}). (A URL that does not percent-decode never gets here: Vert.x answers it with a bare 400.) Every endpoint of every service is covered, including those that put a path
 * segment or a parameter straight into SQL, so PostgreSQL never sees such a value.
 */
public class UrlTextFilter {

    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        List<PathSegment> segments;
        Map<String, List<String>> parameters;
        try {
            segments = uri.getPathSegments(true);
            parameters = uri.getQueryParameters(true);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("The URL is not validly percent-encoded");
        }
        for (PathSegment segment : segments) {
            String problem = Checks.textProblem(segment.getPath());
            if (problem != null) {
                throw ApiException.badParameter("path", "A segment of the path " + problem);
            }
        }
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String problem = Checks.textProblem(name);
            for (String value : parameter.getValue()) {
                problem = problem != null ? problem : Checks.textProblem(value);
            }
            if (problem != null) {
                String shown = Checks.printable(name);
                throw ApiException.badParameter(filterField(shown), "Parameter " + shown + " " + problem);
            }
        }
    }

    /** {@code name[ne]} is the filter on {@code name}, and named so, as {@link ListQuery} names it. */
    private static String filterField(String parameter) {
        int bracket = parameter.indexOf('[');
        return bracket > 0 && parameter.endsWith("]") ? parameter.substring(0, bracket) : parameter;
    }
}
