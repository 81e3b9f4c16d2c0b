package dev.provhub.httpapi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;

/**
 * Ids in paths and query parameters: one that is not a UUID is still a 404 (nothing can have that id), but one that
 * says which parameter and why, instead of JAX-RS' bare "HTTP 404 Not Found" that reads like a missing endpoint.
 */
@Provider
public class UuidParameters implements ParamConverterProvider {

    private static final int ECHOED_CHARACTERS = 100;

    @Override
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != UUID.class) {
            return null;
        }
        String name = "id";
        for (Annotation annotation : annotations) {
            if (annotation instanceof PathParam path) {
                name = path.value();
            } else if (annotation instanceof QueryParam query) {
                name = query.value();
            }
        }
        @SuppressWarnings("unchecked")
        ParamConverter<T> converter = (ParamConverter<T>) new UuidConverter(name);
        return converter;
    }

    private record UuidConverter(String name) implements ParamConverter<UUID> {

        @Override
        public UUID fromString(String value) {
            try {
                return value == null ? null : UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                String shown = value.length() <= ECHOED_CHARACTERS ? value
                        : value.substring(0, ECHOED_CHARACTERS) + "...";
                throw new NotFoundException("'" + name + "' is not an id (a UUID): '" + shown + "'");
            }
        }

        @Override
        public String toString(UUID value) {
            return value.toString();
        }
    }
}
