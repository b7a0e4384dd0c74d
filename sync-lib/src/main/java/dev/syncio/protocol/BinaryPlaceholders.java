package dev.syncio.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves binary values out of, and back into, a JSON tree: Socket.IO sends each {@code byte[]} as
 * a separate frame and leaves {@code {"_placeholder":true,"num":N}} in its place.
 */
public final class BinaryPlaceholders {

    private BinaryPlaceholders() {
    }

    /**
     * Replaces every binary node of {@code tree} (in place) with a placeholder.
     *
     * @return the extracted buffers, in placeholder order
     */
    public static List<byte[]> deconstruct(JsonNode tree) {
        List<byte[]> buffers = new ArrayList<>();
        deconstruct(tree, buffers);
        return buffers;
    }

    private static void deconstruct(JsonNode node, List<byte[]> buffers) {
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                if (child.isBinary()) {
                    array.set(i, placeholder(buffers, child));
                } else {
                    deconstruct(child, buffers);
                }
            }
        } else if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> binaries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                if (field.getValue().isBinary()) {
                    binaries.add(field);
                } else {
                    deconstruct(field.getValue(), buffers);
                }
            }
            for (Map.Entry<String, JsonNode> field : binaries) {
                object.set(field.getKey(), placeholder(buffers, field.getValue()));
            }
        }
    }

    private static ObjectNode placeholder(List<byte[]> buffers, JsonNode binary) {
        ObjectNode placeholder = JsonNodeFactory.instance.objectNode();
        placeholder.put("_placeholder", true);
        placeholder.put("num", buffers.size());
        buffers.add(((BinaryNode) binary).binaryValue());
        return placeholder;
    }

    /**
     * Puts {@code buffers} back where their placeholders are; returns the (possibly replaced) root.
     *
     * @throws InvalidPacketException when a placeholder points at a buffer that was not sent
     */
    public static JsonNode reconstruct(JsonNode tree, List<byte[]> buffers) throws InvalidPacketException {
        if (isPlaceholder(tree)) {
            return binaryAt(tree, buffers);
        }
        if (tree instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, reconstruct(array.get(i), buffers));
            }
        } else if (tree instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, reconstruct(object.get(name), buffers));
            }
        }
        return tree;
    }

    private static boolean isPlaceholder(JsonNode node) {
        return node.isObject() && node.path("_placeholder").isBoolean() && node.get("_placeholder").booleanValue()
                && node.has("num");
    }

    private static JsonNode binaryAt(JsonNode placeholder, List<byte[]> buffers) throws InvalidPacketException {
        JsonNode num = placeholder.get("num");
        // an integer literal only: 1.5, 1e0, "1" or true are not attachment numbers
        if (!num.isIntegralNumber() || !num.canConvertToInt() || num.asInt() < 0 || num.asInt() >= buffers.size()) {
            throw new InvalidPacketException("placeholder refers to a missing attachment");
        }
        return BinaryNode.valueOf(buffers.get(num.asInt()));
    }
}
