package dev.syncio.dispatch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.syncio.ErrorCode;
import dev.syncio.EventHandler;
import dev.syncio.SyncException;
import dev.syncio.TypedEventHandler;
import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.stream.Collectors;

/**
 * Binds an event's payload to a host type and names the offending field when it does not fit:
 * a wrong type, or a record component that is missing (components annotated with any
 * {@code @Nullable} may be absent).
 */
public final class TypedBinding {

    private final ObjectMapper strict;

    public TypedBinding(ObjectMapper mapper) {
        this.strict = mapper.copy().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        // a number is not a string and "5" is not a number: no silent coercion between scalars
        for (LogicalType textual : new LogicalType[] {LogicalType.Textual}) {
            strict.coercionConfigFor(textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        for (LogicalType number : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            strict.coercionConfigFor(number).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
    }

    /** A handler that binds the event's first argument to {@code type}, then calls {@code handler}. */
    public <T> EventHandler handler(Class<T> type, TypedEventHandler<T> handler) {
        return context -> handler.handle(context, bind(((EventContextImpl) context).payload(), type));
    }

    <T> T bind(JsonNode payload, Class<T> type) {
        if (payload == null || payload.isNull() || payload.isMissingNode()) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD, "payload is required");
        }
        T value;
        try {
            value = strict.treeToValue(payload, type);
        } catch (MismatchedInputException e) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD, describe(e, type));
        } catch (JsonMappingException e) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD, "payload does not fit " + type.getSimpleName()
                    + (e.getPath().isEmpty() ? "" : " at field " + path(e)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new SyncException(ErrorCode.INVALID_PAYLOAD, "payload does not fit " + type.getSimpleName());
        }
        if (type.isRecord()) {
            requireComponents(value, type);
        }
        return value;
    }

    private static void requireComponents(Object value, Class<?> type) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getType().isPrimitive() || nullable(component)) {
                continue;
            }
            Object field;
            try {
                field = component.getAccessor().invoke(value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component, e);
            }
            if (field == null) {
                throw new SyncException(ErrorCode.INVALID_PAYLOAD, "field '" + component.getName() + "' is required");
            }
        }
    }

    private static boolean nullable(RecordComponent component) {
        for (Annotation a : component.getAnnotations()) {
            if (a.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        for (Annotation a : component.getAnnotatedType().getAnnotations()) {
            if (a.annotationType().getSimpleName().equals("Nullable")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(MismatchedInputException e, Class<?> type) {
        String field = path(e);
        String expected = e.getTargetType() == null ? "another type" : simpleName(e.getTargetType());
        if (field.isEmpty()) {
            return "payload must be a " + (type.isRecord() ? "JSON object" : expected);
        }
        if (e instanceof InvalidFormatException) {
            return "field '" + field + "' has an invalid value (expected " + expected + ")";
        }
        return "field '" + field + "' must be " + expected;
    }

    private static String simpleName(Class<?> type) {
        if (type == String.class || type == Character.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        return "a " + type.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
