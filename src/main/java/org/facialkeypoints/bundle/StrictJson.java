package org.facialkeypoints.bundle;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;

/**
 * Parses the project's own JSON (model descriptions, training checkpoints) with one meaning: strict JSON only, no
 * key twice in one object (a viewer and this program could otherwise read different values), nesting at most 64
 * deep, one value and nothing after it.
 */
public final class StrictJson {

    private static final int MAX_DEPTH = 64;

    private StrictJson() {}

    /** Why the text is refused; the message is a phrase without the file's name. */
    public static final class Invalid extends Exception {
        Invalid(String message) { super(message, null, false, false); }
    }

    public static JsonObject parseObject(String text) throws Invalid {
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        try (JsonReader in = new JsonReader(new StringReader(text))) {
            in.setLenient(false);
            JsonElement e = value(in, 0);
            if (in.peek() != JsonToken.END_DOCUMENT) throw new Invalid("text follows the description");
            if (!e.isJsonObject()) throw new Invalid("it is not a JSON object");
            return e.getAsJsonObject();
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new Invalid(BundleFile.oneLine(e.getMessage()));
        }
    }

    private static JsonElement value(JsonReader in, int depth) throws IOException, Invalid {
        if (depth > MAX_DEPTH) throw new Invalid("nested more than " + MAX_DEPTH + " levels deep");
        switch (in.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject o = new JsonObject();
                in.beginObject();
                while (in.hasNext()) {
                    String key = in.nextName();
                    if (o.has(key)) throw new Invalid("the key '" + BundleFile.oneLine(key) + "' appears twice in one object");
                    o.add(key, value(in, depth + 1));
                }
                in.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                JsonArray a = new JsonArray();
                in.beginArray();
                while (in.hasNext()) a.add(value(in, depth + 1));
                in.endArray();
                return a;
            }
            case STRING -> { return new JsonPrimitive(in.nextString()); }
            case NUMBER -> { return new JsonPrimitive(new LazilyParsedNumber(in.nextString())); }
            case BOOLEAN -> { return new JsonPrimitive(in.nextBoolean()); }
            case NULL -> {
                in.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new Invalid("unexpected " + in.peek());
        }
    }
}
