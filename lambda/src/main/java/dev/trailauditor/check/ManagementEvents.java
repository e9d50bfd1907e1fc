package dev.trailauditor.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedEventSelector;
import software.amazon.awssdk.services.cloudtrail.model.AdvancedFieldSelector;
import software.amazon.awssdk.services.cloudtrail.model.EventSelector;
import software.amazon.awssdk.services.cloudtrail.model.GetEventSelectorsResponse;
import software.amazon.awssdk.services.cloudtrail.model.ReadWriteType;

/**
 * Reads which management events a trail records, from basic or advanced event selectors. Full
 * coverage may be spread over several selectors (one read-only, one write-only).
 */
public final class ManagementEvents {
    public static final String EXPECTED = "read and write management events, none excluded";

    private ManagementEvents() {}

    /** What one selector records: read, write, and the event sources it leaves out. */
    private record Coverage(boolean read, boolean write, List<String> excluded) {}

    public static String describe(GetEventSelectorsResponse selectors) {
        List<Coverage> coverages = selectors.hasAdvancedEventSelectors() && !selectors.advancedEventSelectors().isEmpty()
                ? selectors.advancedEventSelectors().stream().map(ManagementEvents::advanced).flatMap(Optional::stream).toList()
                : selectors.eventSelectors().stream().map(ManagementEvents::basic).flatMap(Optional::stream).toList();
        boolean fullRead = coverages.stream().anyMatch(c -> c.read() && c.excluded().isEmpty());
        boolean fullWrite = coverages.stream().anyMatch(c -> c.write() && c.excluded().isEmpty());
        if (fullRead && fullWrite) {
            return EXPECTED;
        }
        boolean read = coverages.stream().anyMatch(Coverage::read);
        boolean write = coverages.stream().anyMatch(Coverage::write);
        if (!read && !write) {
            return "no management events";
        }
        TreeSet<String> excluded = new TreeSet<>();
        coverages.forEach(c -> excluded.addAll(c.excluded()));
        String kinds = read && write ? "read and write" : read ? "read-only" : "write-only";
        return kinds + " management events" + (excluded.isEmpty() ? "" : ", excluding " + String.join(", ", excluded));
    }

    private static Optional<Coverage> basic(EventSelector selector) {
        // CloudTrail's documented defaults: management events included, ReadWriteType All
        // (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html).
        if (Boolean.FALSE.equals(selector.includeManagementEvents())) {
            return Optional.empty();
        }
        ReadWriteType type = selector.readWriteType() == null ? ReadWriteType.ALL : selector.readWriteType();
        return Optional.of(new Coverage(type != ReadWriteType.WRITE_ONLY, type != ReadWriteType.READ_ONLY,
                selector.excludeManagementEventSources()));
    }

    private static Optional<Coverage> advanced(AdvancedEventSelector selector) {
        boolean management = selector.fieldSelectors().stream()
                .anyMatch(f -> "eventCategory".equals(f.field()) && f.equalsValue().contains("Management"));
        if (!management) {
            return Optional.empty();
        }
        boolean read = true;
        boolean write = true;
        List<String> excluded = new ArrayList<>();
        for (AdvancedFieldSelector field : selector.fieldSelectors()) {
            if ("readOnly".equals(field.field()) && field.equalsValue().size() == 1) {
                read = field.equalsValue().contains("true");
                write = field.equalsValue().contains("false");
            } else if ("eventSource".equals(field.field())) {
                excluded.addAll(field.notEquals());
                if (field.hasEqualsValue() && !field.equalsValue().isEmpty()) {
                    excluded.add("all but " + String.join(", ", field.equalsValue()));
                }
            }
        }
        return Optional.of(new Coverage(read, write, excluded));
    }
}
