package org.facialkeypoints.cli;

import org.facialkeypoints.model.Pipeline;
import org.facialkeypoints.train.LossKind;
import org.facialkeypoints.train.Schedule;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Option values with a type of their own: the core's enums by the ids they have in bundles and commands, and the
 * value lists that help and shell completion offer.
 */
final class OptionTypes {

    private OptionTypes() {}

    /** A width and height given as {@code WxH}. */
    record Size(int width, int height) {}

    static final class PipelineId implements ITypeConverter<Pipeline> {
        @Override
        public Pipeline convert(String value) { return byId(Pipeline::fromId, value); }
    }

    static final class ScheduleId implements ITypeConverter<Schedule> {
        @Override
        public Schedule convert(String value) { return byId(Schedule::fromId, value); }
    }

    static final class LossId implements ITypeConverter<LossKind> {
        @Override
        public LossKind convert(String value) { return byId(LossKind::fromId, value); }
    }

    static final class SizeConverter implements ITypeConverter<Size> {
        @Override
        public Size convert(String value) {
            String[] wh = value.toLowerCase(Locale.ROOT).split("x");
            try {
                if (wh.length != 2) throw new NumberFormatException(value);
                return new Size(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim()));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' does not look like 240x180");
            }
        }
    }

    static final class ScheduleIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() { return Arrays.stream(Schedule.values()).map(Schedule::id).iterator(); }
    }

    static final class LossIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() { return Arrays.stream(LossKind.values()).map(LossKind::id).iterator(); }
    }

    /** What {@code DeepLearning.device} accepts; it says what is wrong with anything else. */
    static final class Devices implements Iterable<String> {
        @Override
        public Iterator<String> iterator() { return List.of("cpu", "gpu", "auto").iterator(); }
    }

    /** What {@code TrainingSettings} accepts as initialization. */
    static final class Initializations implements Iterable<String> {
        @Override
        public Iterator<String> iterator() { return List.of("pytorch", "he").iterator(); }
    }

    /** A word from a fixed list: the converter that refuses others, and the list help and completion offer. */
    abstract static class Choices implements ITypeConverter<String>, Iterable<String> {
        abstract List<String> choices();

        @Override
        public Iterator<String> iterator() { return choices().iterator(); }

        @Override
        public String convert(String value) {
            if (choices().contains(value)) return value;
            throw new TypeConversionException("'" + value + "' is not one of " + String.join(", ", choices()));
        }
    }

    /** Which faces evaluate and figures use: the validation part or all. */
    static final class SplitChoices extends Choices {
        @Override
        List<String> choices() { return List.of("val", "all"); }
    }

    /** Where evaluate's face-crop models look: the data's boxes or the face detector's. */
    static final class BoxChoices extends Choices {
        @Override
        List<String> choices() { return List.of("data", "detector"); }
    }

    /** The core's refusal of an unknown id (which names the ids it knows) as picocli's conversion error. */
    private static <T> T byId(Function<String, T> fromId, String value) {
        try {
            return fromId.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
