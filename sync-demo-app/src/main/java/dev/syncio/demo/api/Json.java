package dev.syncio.demo.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.util.stream.Collectors;

/**
 * JSON for the REST API: the mapper (instants as ISO-8601 strings, like syncio's events) and
 * strict request-body binding that answers 400 {@code invalid_payload}.
 */
public final class Json {

    private Json() {
    }

    /**
     * The mapper for requests and responses: ISO-8601 instants; unknown request fields ignored;
     * no silent coercion of numbers or booleans into text fields.
     */
    public static ObjectMapper mapper() {
        ObjectMapper mapper = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /**
     * The request body bound to {@code type}.
     *
     * @throws ApiException 400 when the body is empty, not JSON, not an object or has a field of
     *                      the wrong type
     */
    public static <T> T body(Context ctx, ObjectMapper mapper, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiException.invalid("a JSON object body is required");
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw ApiException.invalid(field.isEmpty() ? "the body must be a JSON object"
                    : "field '" + field + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("the body is not valid JSON");
        }
        if (value == null) {
            throw ApiException.invalid("a JSON object body is required");
        }
        return value;
    }

    /** {@code value}, or 400 naming the missing field. */
    public static <T> T required(T value, String field) {
        if (value == null) {
            throw ApiException.invalid("field '" + field + "' is required");
        }
        return value;
    }
}
